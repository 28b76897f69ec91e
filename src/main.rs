//! The `paperpress` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use paperpress::build::{self, Options};

#[derive(Parser)]
#[command(
    name = "paperpress",
    version,
    about = "Turns daily arXiv digest files into a fast static website."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    #[command(after_help = "Example:\n  paperpress build --base-url https://me.github.io/digest/")]
    Build {
        /// The site folder (with site.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Overrides base_url of site.toml.
        #[arg(long)]
        base_url: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
        } => {
            let opts = Options {
                root,
                output,
                base_url,
            };
            match build::build(&opts) {
                Ok(outcome) => {
                    for d in &outcome.diagnostics {
                        eprintln!("{d}");
                    }
                    match outcome.summary {
                        Some(s) => {
                            println!("{s}");
                            ExitCode::SUCCESS
                        }
                        None => {
                            eprintln!(
                                "error: build failed with {} error(s); {} left as it was",
                                outcome.errors(),
                                opts.output_dir().display()
                            );
                            ExitCode::FAILURE
                        }
                    }
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
