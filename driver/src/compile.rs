//! Driving the system C compiler (found through `cc`): the runtime, compiled once per
//! configuration into the cache, and each program, linked with it.

use crate::cache::cache_dir;
use crate::Failure;
use rpy_runtime::{Gc, COMMON_SOURCES, HEADERS};
use rpy_source::ErrorCode;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Sanitizers for `--sanitize`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Sanitize {
    None,
    /// AddressSanitizer and UndefinedBehaviorSanitizer.
    AddressUndefined,
}

/// Which backend turns the low-level program into machine code.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum Backend {
    /// C text compiled by the system C compiler.
    #[default]
    C,
    /// An LLVM module (through inkwell) compiled to an object file in process.
    Llvm,
}

/// How to compile.
#[derive(Clone, Debug)]
pub struct CompileOptions {
    /// 0..=3, as the C compiler's -O (and LLVM's `default<On>` pipeline).
    pub opt: u8,
    pub gc: Gc,
    /// Check the heap's invariants around every collection (`--gc-debug`, for gen).
    pub gc_debug: bool,
    pub sanitize: Sanitize,
    pub backend: Backend,
}

impl Default for CompileOptions {
    fn default() -> Self {
        CompileOptions { opt: 2, gc: Gc::default(), gc_debug: false, sanitize: Sanitize::None, backend: Backend::C }
    }
}

fn tool_error(text: String) -> Failure {
    Failure::message(ErrorCode::Tool, text)
}

/// The C compiler, with the flags every compilation uses.
fn compiler(options: &CompileOptions) -> Result<Command, Failure> {
    let target = format!("{}-unknown-linux-gnu", std::env::consts::ARCH);
    let tool = cc::Build::new()
        .target(&target)
        .host(&target)
        .opt_level(options.opt as u32)
        .cargo_metadata(false)
        .cargo_warnings(false)
        .debug(false)
        .try_get_compiler()
        .map_err(|e| tool_error(format!("no C compiler found: {e}")))?;
    let mut cmd = tool.to_command();
    cmd.args(["-std=gnu11", "-fno-strict-aliasing", "-g1", "-w", "-pthread"]);
    if options.sanitize == Sanitize::AddressUndefined {
        cmd.args(["-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-fno-sanitize-recover=undefined"]);
    }
    cmd.args(options.gc.defines());
    if options.gc_debug {
        cmd.arg(rpy_runtime::GC_DEBUG_DEFINE);
    }
    Ok(cmd)
}

fn run(mut cmd: Command, what: &str) -> Result<(), Failure> {
    let out = cmd.output().map_err(|e| tool_error(format!("cannot run the C compiler for {what}: {e}")))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let shown: String = stderr.lines().take(40).collect::<Vec<_>>().join("\n");
        return Err(tool_error(format!("the C compiler failed on {what}:\n{shown}")));
    }
    Ok(())
}

/// The runtime's object files for this configuration (built on first use).
pub struct RuntimeObjects {
    pub dir: PathBuf,
    pub objects: Vec<PathBuf>,
}

/// Compiles the runtime into the cache unless it is there already. Concurrent builds each
/// build in a directory of their own and rename it into place.
pub fn runtime_objects(options: &CompileOptions) -> Result<RuntimeObjects, Failure> {
    // Threads of one process (the test harnesses) build it once.
    static BUILDING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = BUILDING.lock().unwrap_or_else(|e| e.into_inner());
    let sources: Vec<_> = COMMON_SOURCES.iter().chain(options.gc.sources()).collect();
    let debug = if options.gc_debug { "-debug" } else { "" };
    let key = format!("runtime-{:016x}-{}{debug}-O{}-{:?}", rpy_runtime::runtime_fingerprint(), options.gc.name(), options.opt, options.sanitize);
    let dir = cache_dir().join(key);
    let objects: Vec<PathBuf> = sources.iter().map(|f| dir.join(f.name).with_extension("o")).collect();
    if objects.iter().all(|o| o.exists()) {
        return Ok(RuntimeObjects { dir, objects });
    }
    let tmp = PathBuf::from(format!("{}.tmp{}-{}", dir.display(), std::process::id(), unique()));
    let io = |e: std::io::Error| Failure::message(ErrorCode::Io, format!("cannot write the runtime cache {}: {e}", tmp.display()));
    std::fs::create_dir_all(&tmp).map_err(io)?;
    for f in HEADERS.iter().chain(sources.iter().copied()) {
        std::fs::write(tmp.join(f.name), f.text).map_err(io)?;
    }
    for f in &sources {
        let mut cmd = compiler(options)?;
        cmd.arg("-c").arg(tmp.join(f.name)).arg("-o").arg(tmp.join(f.name).with_extension("o")).arg("-I").arg(&tmp);
        run(cmd, &format!("the runtime file {}", f.name))?;
    }
    if std::fs::rename(&tmp, &dir).is_err() {
        // Another build got there first; its objects are the same.
        let _ = std::fs::remove_dir_all(&tmp);
    }
    Ok(RuntimeObjects { dir, objects })
}

/// Compiles a program's C text and links it with the runtime into `out`.
pub fn compile_program(c: &str, runtime: &RuntimeObjects, out: &Path, options: &CompileOptions) -> Result<(), Failure> {
    let work = std::env::temp_dir().join(format!("rpy-build-{}-{}", std::process::id(), unique()));
    let io = |e: std::io::Error| Failure::message(ErrorCode::Io, format!("cannot write {}: {e}", work.display()));
    std::fs::create_dir_all(&work).map_err(io)?;
    let c_file = work.join("program.c");
    std::fs::write(&c_file, c).map_err(io)?;
    let mut cmd = compiler(options)?;
    cmd.arg(&c_file).args(&runtime.objects).arg("-I").arg(&runtime.dir).arg("-o").arg(out).args(options.gc.libraries()).args(["-lm", "-lpthread"]);
    let r = run(cmd, "the generated program");
    let _ = std::fs::remove_dir_all(&work);
    r
}

/// Links an object file (the LLVM backend's) with the runtime into `out`, with the same
/// compiler command as C programs.
pub fn link_object(object: &[u8], runtime: &RuntimeObjects, out: &Path, options: &CompileOptions) -> Result<(), Failure> {
    let work = std::env::temp_dir().join(format!("rpy-build-{}-{}", std::process::id(), unique()));
    let io = |e: std::io::Error| Failure::message(ErrorCode::Io, format!("cannot write {}: {e}", work.display()));
    std::fs::create_dir_all(&work).map_err(io)?;
    let o_file = work.join("program.o");
    std::fs::write(&o_file, object).map_err(io)?;
    let mut cmd = compiler(options)?;
    cmd.arg(&o_file).args(&runtime.objects).arg("-o").arg(out).args(options.gc.libraries()).args(["-lm", "-lpthread"]);
    let r = run(cmd, "the generated program (linking its object file)");
    let _ = std::fs::remove_dir_all(&work);
    r
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}
