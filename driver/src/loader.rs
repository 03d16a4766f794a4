//! Loading modules from the file system: local modules beside the entry file (`helper.py`,
//! `pkg/__init__.py`, `pkg/mod.py`).

use rpy_frontend::{LoadedSource, ModuleLoader};
use std::path::{Path, PathBuf};

/// Finds modules relative to the directory of the entry file.
pub struct FsLoader {
    pub root: PathBuf,
    pub entry_module: String,
    entry_path: PathBuf,
}

impl FsLoader {
    pub fn for_entry(path: &Path) -> std::io::Result<FsLoader> {
        let meta = std::fs::metadata(path)?;
        if !meta.is_file() {
            return Err(std::io::Error::other("not a file"));
        }
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("main").to_string();
        Ok(FsLoader { root, entry_module: stem, entry_path: path.to_path_buf() })
    }

    fn read(path: &Path) -> Option<LoadedSource> {
        let text = std::fs::read_to_string(path).ok()?;
        Some(LoadedSource { path: path.display().to_string(), text })
    }
}

impl ModuleLoader for FsLoader {
    fn load(&self, module: &str) -> Option<LoadedSource> {
        if module == self.entry_module {
            return Self::read(&self.entry_path);
        }
        let rel: PathBuf = module.split('.').collect();
        let base = self.root.join(&rel);
        Self::read(&base.with_extension("py")).or_else(|| Self::read(&base.join("__init__.py")))
    }
}
