//! Puts memory.x where cortex-m-rt's link.x finds it, and writes
//! `fixtures.rs`: every `tests/fixtures/*.json`, included by path, with the
//! result the host build of sailor-webhook gives for it (the canonical JSON
//! of the event, or the error's code, path and offset). The firmware must
//! give the same result on the target.
use std::fmt::Write as _;
use std::{env, fs, path::PathBuf};

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    fs::copy(manifest.join("memory.x"), out.join("memory.x")).expect("copy memory.x");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=memory.x");

    let dir = manifest
        .join("../../tests/fixtures")
        .canonicalize()
        .expect("tests/fixtures");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("read tests/fixtures")
        .map(|e| e.expect("fixture entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let mut code = String::from("/// Every fixture, with the host's result for it.\n");
    code.push_str("pub static FIXTURES: &[Fixture] = &[\n");
    for path in &paths {
        println!("cargo:rerun-if-changed={}", path.display());
        let bytes = fs::read(path).expect("read fixture");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 name");
        let expect = match sailor_webhook::parse(&bytes) {
            Ok(event) => format!("Expect::Event({:?})", event.to_json_string()),
            Err(e) => format!(
                "Expect::Error {{ code: {:?}, path: {:?}, offset: {} }}",
                e.code(),
                e.path().to_string(),
                e.offset()
            ),
        };
        writeln!(
            code,
            "    Fixture {{ name: {name:?}, input: include_bytes!({:?}), expect: {expect} }},",
            path.display().to_string()
        )
        .expect("write");
    }
    code.push_str("];\n");
    fs::write(out.join("fixtures.rs"), code).expect("write fixtures.rs");
}
