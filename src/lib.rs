//! paperpress: a static site generator for daily arXiv paper digests.
//!
//! Data flows one way: `site.toml` becomes a [`config::Config`], `content/` becomes
//! [`model::Digest`]s ([`content::cache`]), those become one [`model::Site`], the site becomes
//! pages ([`render`], after the page plan of [`render::plan`]) and pages become files
//! ([`output`]). [`pipeline`] runs those stages for every command: [`build`] once; [`session`]
//! keeps a pipeline for [`serve`], which rebuilds only what a change touches.
//! [`add`], [`check`] and [`scaffold`] are the other commands of the daily routine.

pub mod add;
pub mod arxiv;
pub mod ascii;
pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod in_place;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod query;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod security;
pub mod serve;
pub mod session;
pub mod site_dir;
pub mod size;
pub mod sync;
