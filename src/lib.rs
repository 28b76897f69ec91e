//! paperpress: a static site generator for daily arXiv paper digests.
//!
//! Data flows one way: `site.toml` becomes a [`config::Config`], `content/` becomes
//! [`model::Digest`]s ([`content::load`]), those become one [`model::Site`], the site becomes
//! pages ([`render`]) and pages become files ([`output`]). [`build`] runs the whole way once.

pub mod arxiv;
pub mod build;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod model;
pub mod output;
pub mod render;
