//! The pipeline as a library: load, annotate, rtype, transform, emit C, compile and link,
//! with the timing of each phase, the runtime's build cache and the `rpy run` cache.
//!
//! Architecture invariant: with the CLI and the backends' compiler calls, this is the only
//! place that touches the file system or runs processes.

mod cache;
mod compile;
mod loader;

use rpy_annotator::{annotate, Annotated, AnnotatedNamer, GraphId};
use rpy_frontend::{build_flow_graph, load_program, Program, ProgramNamer};
use rpy_lltype::{LlNamer, LlProgram};
use rpy_source::{Diagnostic, ErrorCode, SourceMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use cache::{cache_dir, program_key};
pub use compile::{Backend, CompileOptions, Sanitize};
pub use loader::FsLoader;
pub use rpy_runtime::Gc;

/// Why a command failed: diagnostics about the program (with its sources to render them).
pub struct Failure {
    pub sources: Option<SourceMap>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    pub fn new(sources: Option<SourceMap>, diagnostics: Vec<Diagnostic>) -> Failure {
        Failure { sources, diagnostics }
    }

    pub fn message(code: ErrorCode, text: impl Into<String>) -> Failure {
        Failure { sources: None, diagnostics: vec![Diagnostic::new(code, text)] }
    }

    /// The diagnostics as text.
    pub fn render(&self, color: bool) -> String {
        let empty = SourceMap::new();
        rpy_source::render_diagnostics(&self.diagnostics, self.sources.as_ref().unwrap_or(&empty), color)
    }
}

/// Reports the phases as they start and end (the CLI shows them).
pub trait Progress {
    fn phase_started(&mut self, _name: &'static str) {}
    fn phase_finished(&mut self, _name: &'static str, _time: Duration) {}
}

/// Reports nothing.
pub struct Silent;
impl Progress for Silent {}

/// The time of each phase, in order.
#[derive(Default, Debug, Clone)]
pub struct Timings {
    pub phases: Vec<(&'static str, Duration)>,
}

struct Phases<'a> {
    progress: &'a mut dyn Progress,
    timings: Timings,
}

impl Phases<'_> {
    fn run<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        self.progress.phase_started(name);
        let start = Instant::now();
        let r = f();
        let t = start.elapsed();
        self.progress.phase_finished(name, t);
        self.timings.phases.push((name, t));
        r
    }
}

/// Options of a translation.
#[derive(Clone, Debug)]
pub struct Options {
    pub compile: CompileOptions,
    /// Check every low-level graph after each pass.
    pub verify: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { compile: CompileOptions::default(), verify: cfg!(debug_assertions) }
    }
}

/// Loads a program from its entry file.
pub fn load(path: &Path) -> Result<Program, Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure::message(ErrorCode::Io, format!("cannot read {}: {e}", path.display())))?;
    if let Err(e) = std::str::from_utf8(&bytes) {
        return Err(Failure::message(
            ErrorCode::Syntax,
            format!("{} is not UTF-8 text (invalid byte at offset {}); RPy source files are UTF-8", path.display(), e.valid_up_to()),
        ));
    }
    let loader = FsLoader::for_entry(path).map_err(|e| Failure::message(ErrorCode::Io, format!("cannot read {}: {e}", path.display())))?;
    load_program(&loader.entry_module, &loader).map_err(|(sources, diags)| Failure::new(Some(sources), diags))
}

fn annotate_program(program: Program) -> Result<Annotated, Failure> {
    annotate(program).map_err(|(p, d)| Failure::new(Some(p.sources), d))
}

/// `rpy check`: loads and annotates.
pub fn check(path: &Path, progress: &mut dyn Progress) -> Result<Timings, Failure> {
    let mut ph = Phases { progress, timings: Timings::default() };
    let program = ph.run("load", || load(path))?;
    ph.run("annotate", || annotate_program(program))?;
    Ok(ph.timings)
}

/// Translates to a low-level program (after every transform).
pub fn translate(path: &Path, options: &Options, progress: &mut dyn Progress) -> Result<(LlProgram, Timings), Failure> {
    let mut ph = Phases { progress, timings: Timings::default() };
    let program = ph.run("load", || load(path))?;
    let ann = ph.run("annotate", || annotate_program(program))?;
    let mut ll = ph.run("rtype", || rpy_rtyper::rtype(ann).map_err(|(s, d)| Failure::new(Some(s), d)))?;
    ph.run("transform", || rpy_transform::run_all(&mut ll, options.verify, options.compile.gc == Gc::Gen)).map_err(|e| Failure::new(None, vec![Diagnostic::internal(e)]))?;
    Ok((ll, ph.timings))
}

/// What `rpy build --emit` writes besides the binary.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Emit {
    C,
    /// The LLVM module as text (OUT.ll), before optimisation.
    LlvmIr,
}

/// `rpy build`: translates and writes the binary to `out`.
pub fn build(path: &Path, out: &Path, options: &Options, emit: Option<Emit>, progress: &mut dyn Progress) -> Result<Timings, Failure> {
    let (ll, mut timings) = translate(path, options, progress)?;
    let mut ph = Phases { progress, timings: Timings::default() };
    if options.compile.backend == Backend::Llvm || emit == Some(Emit::LlvmIr) {
        build_llvm(&ll, out, options, emit, &mut ph)?;
        timings.phases.extend(ph.timings.phases);
        return Ok(timings);
    }
    let c = ph.run("emit C", || rpy_backend_c::emit_c(&ll));
    if emit == Some(Emit::C) {
        let c_path = out.with_extension("c");
        std::fs::write(&c_path, &c).map_err(|e| Failure::message(ErrorCode::Io, format!("cannot write {}: {e}", c_path.display())))?;
    }
    let runtime = ph.run("compile runtime", || compile::runtime_objects(&options.compile))?;
    ph.run("compile C", || compile::compile_program(&c, &runtime, out, &options.compile))?;
    timings.phases.extend(ph.timings.phases);
    Ok(timings)
}

/// The LLVM backend's part of `build` (`--emit llvm-ir` with the C backend writes the IR,
/// then compiles through C).
fn build_llvm(ll: &LlProgram, out: &Path, options: &Options, emit: Option<Emit>, ph: &mut Phases) -> Result<(), Failure> {
    let write = |path: &Path, data: &[u8]| {
        std::fs::write(path, data).map_err(|e| Failure::message(ErrorCode::Io, format!("cannot write {}: {e}", path.display())))
    };
    let internal = |e: rpy_backend_llvm::EmitError| Failure::new(None, vec![Diagnostic::internal(e.to_string())]);
    let llvm_options = rpy_backend_llvm::LlvmOptions {
        opt: options.compile.opt,
        comp_dir: std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_else(|_| ".".into()),
        debug_info: true,
        sanitize_address: options.compile.sanitize == Sanitize::AddressUndefined,
        ..Default::default()
    };
    if emit == Some(Emit::C) {
        write(&out.with_extension("c"), rpy_backend_c::emit_c(ll).as_bytes())?;
    }
    if options.compile.backend != Backend::Llvm {
        let ir = ph.run(rpy_backend_llvm::PHASE_EMIT, || rpy_backend_llvm::emit_ir(ll, &llvm_options)).map_err(internal)?;
        write(&out.with_extension("ll"), ir.as_bytes())?;
        let c = ph.run("emit C", || rpy_backend_c::emit_c(ll));
        let runtime = ph.run("compile runtime", || compile::runtime_objects(&options.compile))?;
        return ph.run("compile C", || compile::compile_program(&c, &runtime, out, &options.compile));
    }
    let output = rpy_backend_llvm::compile(ll, &llvm_options, emit == Some(Emit::LlvmIr), &mut |name, f| ph.run(name, f)).map_err(internal)?;
    if let Some(ir) = &output.ir {
        write(&out.with_extension("ll"), ir.as_bytes())?;
    }
    let runtime = ph.run("compile runtime", || compile::runtime_objects(&options.compile))?;
    ph.run("link", || compile::link_object(&output.object, &runtime, out, &options.compile))
}

/// `rpy run`: builds into the cache (unless an identical build is there) and gives the
/// binary's path.
pub fn build_cached(path: &Path, options: &Options, progress: &mut dyn Progress) -> Result<(PathBuf, Option<Timings>), Failure> {
    let program = load(path)?;
    let key = program_key(&program.sources, options);
    let exe = cache_dir().join("programs").join(&key).join("prog");
    if exe.exists() {
        return Ok((exe, None));
    }
    let dir = exe.parent().expect("a cache path has a parent");
    std::fs::create_dir_all(dir).map_err(|e| Failure::message(ErrorCode::Io, format!("cannot create {}: {e}", dir.display())))?;
    let tmp = dir.join(format!("prog.tmp{}", std::process::id()));
    let timings = build(path, &tmp, options, None, progress)?;
    std::fs::rename(&tmp, &exe).map_err(|e| Failure::message(ErrorCode::Io, format!("cannot write {}: {e}", exe.display())))?;
    Ok((exe, Some(timings)))
}

/// The stage of a graph that `rpy flowgraph` prints.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Stage {
    Flow,
    Annotated,
    Lowered,
}

/// Whether a graph named `name` is selected by `--func` (a function, `Class.method`, a
/// full qualified name, or anything with `None`).
pub fn selected(name: &str, func: Option<&str>) -> bool {
    match func {
        None => true,
        Some(f) => name == f || name.ends_with(&format!(".{f}")) || name.split('[').next() == Some(f),
    }
}

/// `rpy flowgraph`: the text form of the selected graphs at a stage.
pub fn flowgraph_text(path: &Path, func: Option<&str>, stage: Stage, options: &Options) -> Result<String, Failure> {
    let mut out = String::new();
    match stage {
        Stage::Flow => {
            let mut program = load(path)?;
            let funcs: Vec<_> = program.objects.iter().filter_map(|(r, o)| if let rpy_frontend::Object::Function(f) = o { Some((r, f.qualname.clone())) } else { None }).collect();
            for (r, name) in funcs {
                if !selected(&name, func) {
                    continue;
                }
                match build_flow_graph(&mut program, r) {
                    Ok(g) => out.push_str(&rpy_flow::print_graph(&g, &ProgramNamer { program: &program })),
                    Err(d) => return Err(Failure::new(Some(program.sources), d)),
                }
                out.push('\n');
            }
        }
        Stage::Annotated => {
            let ann = annotate_program(load(path)?)?;
            for i in 0..ann.graphs.len() {
                let g = GraphId(i as u32);
                if selected(&ann.graph(g).graph.name, func) {
                    out.push_str(&rpy_flow::print_graph(&ann.graph(g).graph, &AnnotatedNamer { annotated: &ann, graph: g }));
                    out.push('\n');
                }
            }
        }
        Stage::Lowered => {
            let (ll, _) = translate(path, options, &mut Silent)?;
            for f in &ll.functions {
                if selected(&f.display, func) {
                    out.push_str(&rpy_flow::print_graph(&f.graph, &LlNamer { program: &ll, func: f }));
                    out.push('\n');
                }
            }
        }
    }
    if out.is_empty() {
        if let Some(f) = func {
            return Err(Failure::message(ErrorCode::UnknownName, format!("no function named `{f}` is translated")));
        }
    }
    Ok(out)
}
