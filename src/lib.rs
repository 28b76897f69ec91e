//! paperpress: a static site generator for daily arXiv paper digests.
//!
//! Data flows one way: `site.toml` becomes a [`config::Config`], `content/` becomes
//! [`model::Digest`]s ([`content::load`]), those become one [`model::Site`], the site becomes
//! pages ([`render`]) and pages become files ([`output`]). [`build`] runs the whole way once;
//! [`session`] keeps a site in memory for [`serve`], which rebuilds only what a change touches.
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
pub mod render;
pub mod report;
pub mod scaffold;
pub mod security;
pub mod serve;
pub mod session;
pub mod site_dir;
pub mod sync;
