//! How far a build has got, for a progress bar or phase timings. The build only bumps
//! counters; whoever shows progress polls them from another thread.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::sync::lock;

/// Counters a build updates as it goes. `Progress::default()` costs next to nothing.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    finished: AtomicBool,
    phase: Mutex<&'static str>,
    phases: Mutex<Vec<(&'static str, Duration)>>,
}

impl Progress {
    /// Starts a phase (`"content"`, `"render"`, ...) of `total` steps.
    pub fn start(&self, phase: &'static str, total: usize) {
        *lock(&self.phase) = phase;
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    pub fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// Records how long a phase took.
    pub fn timed(&self, phase: &'static str, since: Instant) {
        lock(&self.phases).push((phase, since.elapsed()));
    }

    /// The current phase and its (done, total) steps.
    pub fn now(&self) -> (&'static str, usize, usize) {
        (
            *lock(&self.phase),
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// Every phase timed so far, in order.
    pub fn phases(&self) -> Vec<(&'static str, Duration)> {
        lock(&self.phases).clone()
    }

    pub fn finish(&self) {
        self.finished.store(true, Ordering::Release);
    }

    pub fn is_finished(&self) -> bool {
        self.finished.load(Ordering::Acquire)
    }
}
