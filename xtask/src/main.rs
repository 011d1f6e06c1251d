//! Project automation: `cargo xtask codegen [--check]`, `cargo xtask test`,
//! `cargo xtask fetch-docs <service>`.

mod bench_compile;
mod bench_floor;
mod census;
mod codegen;
mod compare_botocore;
mod corpus;
mod diff_model;
mod endpoint_cases;
mod fetch_docs;
mod narrow;
mod pool;
mod protocol_tests;
mod python;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "xtask", about = "Project automation for the AWS doc-to-SDK generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read every service under `model/` (or those named), write its shape model and its crate.
    Codegen {
        /// Only these services (all under `model/` when none is named).
        services: Vec<String>,
        /// Write nothing; fail naming each file that is stale.
        #[arg(long)]
        check: bool,
    },
    /// Compare the committed model with the pinned botocore's own model (needs python3 and PyPI).
    CompareBotocore {
        /// Service name as boto3 spells it (`ssm`).
        service: String,
    },
    /// Report what changed in a service's model, classified by what it means to crate users.
    DiffModel {
        /// Service name as boto3 spells it.
        #[arg(long, default_value = "ssm")]
        service: String,
        /// Compare the model at this git revision with the working tree.
        #[arg(long, default_value = "HEAD")]
        rev: String,
        /// The old model (a model.json or its folder) instead of the one at --rev.
        #[arg(long)]
        old: Option<PathBuf>,
        /// The new model instead of the working tree's.
        #[arg(long)]
        new: Option<PathBuf>,
        /// text (colour on a terminal), markdown (a pull-request comment) or json.
        #[arg(long, default_value = "text")]
        format: String,
        /// Show documentation-only changes too.
        #[arg(long)]
        docs: bool,
        /// `--deny breaking`: exit non-zero when any change is breaking.
        #[arg(long, value_parser = ["breaking"])]
        deny: Option<String>,
    },
    /// Build every service folder under a directory (as `fetch-docs --out` writes them) and
    /// report what each met, by kind.
    Census {
        dir: PathBuf,
        /// Only these services.
        #[arg(long)]
        only: Vec<String>,
        /// Write the crates that built into a cargo workspace here.
        #[arg(long)]
        emit: Option<PathBuf>,
    },
    /// Every awsJson, restJson1 and awsQuery service through the front end, the emitter, clippy and its
    /// round-trip test (renders the pages into target/corpus first; needs python3 and PyPI).
    Corpus {
        /// Only these services.
        #[arg(long)]
        only: Vec<String>,
        /// Stop after the front end and emitter.
        #[arg(long, conflicts_with_all = ["cargo_protocol", "lint_only"])]
        no_cargo: bool,
        /// `json` (the 153 awsJson-capable services), `rest-json` (the 261 restJson1 ones) or
        /// `query` (the 17 awsQuery ones); repeatable; all when not given, as `cargo xtask test`
        /// runs it.
        #[arg(long)]
        protocol: Vec<String>,
        /// Only these protocols' crates are built and their round trips run (repeatable; every
        /// one given by `--protocol` but `--lint-only`'s when not given).
        #[arg(long = "cargo")]
        cargo_protocol: Vec<String>,
        /// These protocols' crates go through clippy's lints only, not built or run (repeatable;
        /// `cargo xtask test` lints the restJson1 crates this way).
        #[arg(long = "lint-only")]
        lint_only: Vec<String>,
    },
    /// botocore's protocol compliance cases (json, json_1_0, rest-json) through the generator
    /// and the generated code (fetches botocore's source distribution first; needs PyPI).
    ProtocolTests,
    /// botocore's endpoint cases (every service's `endpoint-tests-1.json`) through the runtime's
    /// rules engine (fetches botocore's source distribution first; needs PyPI).
    EndpointCases,
    /// The committed crates built with one operation's feature each (and SSM with none, and
    /// with its types alone), clippy's lints on and warnings denied.
    Narrow,
    /// Compile time of committed crates beside the matching aws-sdk-rust crates, in one run,
    /// and of a small program narrowed to a few operations (needs GNU time and crates.io).
    BenchCompile {
        /// Services with a committed crate (`ssm`), or one the corpus test generated.
        #[arg(required = true)]
        services: Vec<String>,
        /// Timed builds and checks of each crate, interleaved (0: the small program only).
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// The operations the small program calls, as features (`get-parameter`); the first
        /// three when not given.
        #[arg(long = "op")]
        ops: Vec<String>,
    },
    /// Run every check CI runs: formatting, clippy with warnings denied, all tests.
    Test,
    /// Render services' pages from the pinned boto3/awscli releases (needs python3 and PyPI).
    FetchDocs {
        /// Service names as boto3 spells them (`ssm kms`).
        services: Vec<String>,
        /// `json`: also every service that speaks awsJson; `rest-json`: every restJson1 service;
        /// `all`: every service.
        #[arg(long)]
        protocol: Option<String>,
        /// Write `<out>/<service>/` folders here instead of `model/` (the pins are left alone).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Pin another boto3 release (botocore follows unless given).
        #[arg(long)]
        boto3: Option<String>,
        #[arg(long)]
        botocore: Option<String>,
        /// Whose service data the CLI pages describe: `botocore` (the pinned botocore's) or
        /// `awscli` (the copy awscli bundles, as that release rendered its pages).
        #[arg(long)]
        cli_service_data: Option<String>,
        /// Pin another awscli release.
        #[arg(long)]
        awscli: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    let result = match cli.command {
        Command::Codegen { services, check } => codegen::run(&root, &services, check),
        Command::Test => test::run(&root),
        Command::ProtocolTests => protocol_tests::run(&root),
        Command::EndpointCases => {
            corpus::clippy_driver().and_then(|driver| endpoint_cases::run(&root, &test::Lints::Clippy(driver)))
        }
        Command::BenchCompile { services, runs, ops } => {
            bench_compile::run(&root, bench_compile::BenchArgs { services, runs, ops })
        }
        Command::Narrow => corpus::clippy_driver().and_then(|driver| narrow::run(&root, &test::Lints::Clippy(driver))),
        Command::Corpus { only, no_cargo, protocol, cargo_protocol, lint_only } => {
            // (clap refuses `--no-cargo` beside `--cargo` or `--lint-only`.)
            let cargo = match (no_cargo, cargo_protocol.is_empty()) {
                (true, _) => Some(Vec::new()),
                (false, true) => None,
                (false, false) => Some(cargo_protocol),
            };
            corpus::run(&root, corpus::CorpusArgs { only, protocols: protocol, cargo, lint_only })
        }
        Command::Census { dir, only, emit } => census::run(&root, census::CensusArgs { dir, emit, services: only }),
        Command::DiffModel { service, rev, old, new, format, docs, deny } => diff_model::run(
            &root,
            diff_model::DiffArgs { service, rev, old, new, format, docs, deny_breaking: deny.is_some() },
        ),
        Command::CompareBotocore { service } => compare_botocore::run(&root, &service),
        Command::FetchDocs { services, protocol, out, boto3, botocore, awscli, cli_service_data } => {
            let args = fetch_docs::FetchArgs { services, protocol, out, boto3, botocore, awscli, cli_service_data };
            fetch_docs::run(&root, args)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
