//! Chooses the code path (see `src/path/mod.rs`): sets the `sailor_compact`
//! cfg for the compact one.
//!
//! Compact by default where pointers are narrower than 64 bits, except on
//! wasm32 (services, where the fast path is 2.3× faster); forced by the
//! `compact` feature, or either way by `SAILOR_WEBHOOK_PATH=compact|fast`.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(sailor_compact)");
    println!("cargo::rerun-if-env-changed=SAILOR_WEBHOOK_PATH");
    let env = |k: &str| std::env::var(k).unwrap_or_default();
    let compact = match env("SAILOR_WEBHOOK_PATH").as_str() {
        "compact" => true,
        "fast" => false,
        "" => {
            std::env::var_os("CARGO_FEATURE_COMPACT").is_some()
                || (env("CARGO_CFG_TARGET_POINTER_WIDTH") != "64"
                    && env("CARGO_CFG_TARGET_ARCH") != "wasm32")
        }
        other => {
            println!("cargo::error=SAILOR_WEBHOOK_PATH must be `compact` or `fast`, not `{other}`");
            return;
        }
    };
    if compact {
        println!("cargo::rustc-cfg=sailor_compact");
    }
}
