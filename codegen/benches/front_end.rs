//! Parsing and merging a whole service's pages (`cargo bench -p awsdoc-codegen`).
//! Target: ≥ 100 MB/s of RST on one core; the SSM set well under 100 ms.

use std::path::Path;
use std::sync::OnceLock;

use awsdoc_codegen::{build, read_service_dir, rst, source, ServiceInputs};
use divan::counter::BytesCount;
use divan::Bencher;

fn main() {
    divan::main();
}

fn ssm() -> &'static ServiceInputs {
    static INPUTS: OnceLock<ServiceInputs> = OnceLock::new();
    INPUTS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/ssm");
        read_service_dir(&dir, "model/ssm").expect("model/ssm is committed")
    })
}

fn rst_bytes(inputs: &ServiceInputs) -> usize {
    inputs.pages.iter().map(|p| p.bytes.len()).sum()
}

/// Parse every page and merge them into the model: what `cargo xtask codegen` does per service.
#[divan::bench(sample_count = 30)]
fn parse_and_merge_ssm(bencher: Bencher) {
    let inputs = ssm();
    bencher
        .counter(BytesCount::new(rst_bytes(inputs)))
        .bench(|| build(divan::black_box(inputs)).map(|l| l.model.shapes.len()).ok());
}

/// Parse only, no merging: the RST front end's own speed.
#[divan::bench(sample_count = 30)]
fn parse_only_ssm(bencher: Bencher) {
    let inputs = ssm();
    let files: Vec<source::SourceFile> = inputs
        .pages
        .iter()
        .map(|p| source::SourceFile::new(p.name.clone(), String::from_utf8_lossy(&p.bytes).into_owned()))
        .collect();
    bencher.counter(BytesCount::new(rst_bytes(inputs))).bench(|| {
        let mut diags = Vec::new();
        let mut n = 0;
        for (i, f) in files.iter().enumerate() {
            n += rst::parse_page(source::FileId(i), f, &mut diags).is_some() as usize;
        }
        n
    });
}

/// Serialising the model as committed.
#[divan::bench(sample_count = 30)]
fn write_model_json(bencher: Bencher) {
    let lowered = build(ssm()).expect("the SSM set builds");
    bencher.bench(|| lowered.model.to_json().len());
}

/// Merging and naming alone, on pages parsed once outside the loop.
#[divan::bench(sample_count = 30)]
fn merge_only_ssm(bencher: Bencher) {
    let inputs = ssm();
    let mut sources = source::Sources::default();
    let mut diags = Vec::new();
    let mut pages = Vec::new();
    for p in &inputs.pages {
        let id = sources.add(source::SourceFile::new(p.name.clone(), String::from_utf8_lossy(&p.bytes).into_owned()));
        pages.extend(rst::parse_page(id, sources.get(id), &mut diags));
    }
    let descriptor: awsdoc_codegen::model::ServiceDescriptor =
        toml::from_str(std::str::from_utf8(&inputs.descriptor.bytes).unwrap()).unwrap();
    let overrides_file = inputs.overrides.as_ref().unwrap();
    let oid = sources
        .add(source::SourceFile::new("overrides.toml", String::from_utf8_lossy(&overrides_file.bytes).into_owned()));
    let overrides = awsdoc_codegen::model::overrides::Overrides::parse(oid, &sources.get(oid).text, &mut diags);
    let mut api_file = |f: &Option<awsdoc_codegen::InputFile>, name: &str| {
        let f = f.as_ref().unwrap();
        sources.add(source::SourceFile::new(name, String::from_utf8_lossy(&f.bytes).into_owned()))
    };
    let (aid, pid, wid) = (
        api_file(&inputs.api, "service-2.json"),
        api_file(&inputs.api_paginators, "paginators-1.json"),
        api_file(&inputs.api_waiters, "waiters-2.json"),
    );
    let api = awsdoc_codegen::botocore::parse(
        aid,
        sources.get(aid),
        Some((pid, sources.get(pid))),
        Some((wid, sources.get(wid))),
        &mut diags,
    )
    .unwrap();
    let waiters = api.waiter_tables();
    bencher.with_inputs(|| pages.clone()).bench_values(|pages| {
        let mut diags = Vec::new();
        awsdoc_codegen::model::lower::lower(
            &sources,
            pages,
            Some(&api),
            &overrides,
            &waiters,
            descriptor.clone(),
            &mut diags,
        )
        .map(|l| l.model.shapes.len())
    });
}

/// Every awsJson-capable service's pages as `cargo xtask corpus` renders them into
/// `target/corpus/pages-*` (or the folder `AWSDOC_CORPUS` names), read once.
fn corpus() -> &'static Vec<ServiceInputs> {
    static INPUTS: OnceLock<Vec<ServiceInputs>> = OnceLock::new();
    INPUTS.get_or_init(|| {
        let dir = std::env::var_os("AWSDOC_CORPUS").map(std::path::PathBuf::from).or_else(|| {
            let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/corpus");
            std::fs::read_dir(target).ok()?.flatten().map(|e| e.path()).find(|p| p.join(".complete").exists())
        });
        let dir = dir.expect("no rendered corpus: run `cargo xtask corpus --no-cargo` first, or set AWSDOC_CORPUS");
        let mut services: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
        services.retain(|p| p.join("service.toml").exists());
        services.sort();
        services.iter().map(|p| read_service_dir(p, &p.file_name().unwrap().to_string_lossy()).unwrap()).collect()
    })
}

/// The front end and the emitter over the whole awsJson corpus (153 services, about 150 MB):
/// what `cargo xtask corpus` does once per service before cargo runs.
#[divan::bench(sample_count = 3)]
fn front_end_and_emitter_whole_corpus(bencher: Bencher) {
    let all = corpus();
    let bytes: usize = all.iter().map(rst_bytes).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        let mut files = 0;
        for inputs in all {
            let lowered = build(inputs).expect("every corpus service builds");
            let spec = awsdoc_codegen::emit::CrateSpec {
                package: "awsdoc-bench".into(),
                dir: "bench".into(),
                runtime_path: "../runtime".into(),
                model_path: "model.json".into(),
            };
            files += awsdoc_codegen::emit::emit_crate(&lowered.model, &lowered.origins, &spec).expect("emits").len();
        }
        files
    });
}
