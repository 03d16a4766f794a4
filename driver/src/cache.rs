//! The cache: where built runtimes and `rpy run` binaries live, and their keys.

use crate::Options;
use rpy_source::SourceMap;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// `$RPY_CACHE_DIR`, else `$XDG_CACHE_HOME/rpy`, else `~/.cache/rpy`.
pub fn cache_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("RPY_CACHE_DIR") {
        return PathBuf::from(d);
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
        return PathBuf::from(d).join("rpy");
    }
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    home.join(".cache").join("rpy")
}

/// The key of a program's build: its sources, the options, and this rpy.
pub fn program_key(sources: &SourceMap, options: &Options) -> String {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION"));
    h.update(rpy_runtime::runtime_fingerprint().to_le_bytes());
    h.update(format!("{:?}", options.compile));
    // The rpy binary itself: a rebuilt translator may translate differently.
    if let Ok(exe) = std::env::current_exe() {
        if let Ok(meta) = std::fs::metadata(exe) {
            h.update(format!("{:?}{}", meta.modified().ok(), meta.len()));
        }
    }
    for (_, f) in sources.files() {
        h.update(f.module.as_bytes());
        h.update([0]);
        h.update(f.text.as_bytes());
        h.update([0]);
    }
    let digest = h.finalize();
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}
