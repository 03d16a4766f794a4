//! The C runtime, embedded in the `rpy` binary as source so an installed `rpy` works from
//! any directory. The driver compiles it once per configuration into a cache.
//!
//! Invariant: the struct layouts in `rpy.h` match the runtime types of `rpy_lltype::Types`
//! field for field; the functions of `rpy_lltype::RuntimeFn` are defined here.

/// A source file of the runtime: its name and text.
pub struct RuntimeFile {
    pub name: &'static str,
    pub text: &'static str,
}

macro_rules! files {
    ($($name:literal),* $(,)?) => {
        &[$(RuntimeFile { name: $name, text: include_str!(concat!("../c/", $name)) }),*]
    };
    ($($name:literal),* ; generated: $($gen:literal),* $(,)?) => {
        &[
            $(RuntimeFile { name: $name, text: include_str!(concat!("../c/", $name)) },)*
            $(RuntimeFile { name: $gen, text: include_str!(concat!(env!("OUT_DIR"), "/", $gen)) },)*
        ]
    };
}

/// Headers, included by generated code and by the runtime's own files.
pub const HEADERS: &[RuntimeFile] = files!["rpy.h", "rpy_ops.h", "format.h", "text.h", "containers.h", "bytearray.h"];

/// Files compiled for every program; those after `generated:` are written by build.rs into
/// OUT_DIR (`unicode_db.c`: the Unicode database, from the Unicode Character Database).
pub const COMMON_SOURCES: &[RuntimeFile] = files!["exc.c", "io.c", "str.c", "list.c", "num.c", "format.c", "glue.c", "main.c", "text.c", "containers.c", "osfile.c", "bytearray.c"; generated: "unicode_db.c"];

/// The garbage collectors, one of which is linked in (`--gc`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum Gc {
    /// Allocate, never free.
    None,
    /// The Boehm-Demers-Weiser conservative collector (libgc).
    Boehm,
    /// The precise generational collector (`gc_gen.c`), with the GC transform's roots and
    /// barriers in generated code.
    #[default]
    Gen,
}

impl Gc {
    pub const ALL: [Gc; 3] = [Gc::None, Gc::Boehm, Gc::Gen];

    pub fn name(self) -> &'static str {
        match self {
            Gc::None => "none",
            Gc::Boehm => "boehm",
            Gc::Gen => "gen",
        }
    }

    /// The runtime files implementing this collector.
    pub fn sources(self) -> &'static [RuntimeFile] {
        match self {
            Gc::None => files!["gc_none.c"],
            Gc::Boehm => files!["gc_boehm.c"],
            Gc::Gen => files!["gc_gen.c"],
        }
    }

    /// The C compiler's options for the runtime and for generated C (rpy.h selects the
    /// collector's inline functions and macros with them).
    pub fn defines(self) -> &'static [&'static str] {
        match self {
            Gc::None => &[],
            Gc::Boehm => &["-DRPY_GC_BOEHM"],
            Gc::Gen => &["-DRPY_GC_GEN"],
        }
    }

    /// What the linker needs for this collector.
    pub fn libraries(self) -> &'static [&'static str] {
        match self {
            Gc::Boehm => &["-lgc"],
            Gc::None | Gc::Gen => &[],
        }
    }
}

/// The C compiler's option that turns on the collector's heap checks (`--gc-debug`).
pub const GC_DEBUG_DEFINE: &str = "-DRPY_GC_DEBUG";

/// A hash of every runtime file, so caches notice a changed runtime.
pub fn runtime_fingerprint() -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    let gcs = Gc::ALL.iter().flat_map(|g| g.sources());
    for f in HEADERS.iter().chain(COMMON_SOURCES).chain(gcs) {
        for b in f.name.bytes().chain(f.text.bytes()) {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h
}
