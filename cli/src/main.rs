//! The `rpy` command line: `build`, `run`, `check`, `flowgraph`, `view`. The only crate that
//! prints.

use clap::{Parser, Subcommand, ValueEnum};
use rpy_driver::{Backend, CompileOptions, Emit, Failure, Gc, Options, Progress, Sanitize, Stage, Timings};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// rpy translates programs written in RPy, a restricted, statically typeable subset of
/// Python 3, into native binaries (through C). Test a program under CPython, then translate
/// it to run many times faster.
#[derive(Parser)]
#[command(name = "rpy", version, about, long_about = None)]
struct Cli {
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Print the time of each phase.
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, Debug)]
enum GcArg {
    /// Precise and generational (the default).
    Gen,
    /// The Boehm-Demers-Weiser conservative collector (needs libgc).
    Boehm,
    /// Allocate and never free (for short runs).
    None,
}

#[derive(Clone, Copy, ValueEnum, Debug)]
enum EmitArg {
    /// Also write the generated C next to the binary (OUT.c).
    C,
    /// Also write the LLVM module next to the binary (OUT.ll), before optimisation.
    LlvmIr,
}

#[derive(Clone, Copy, ValueEnum, Debug)]
enum BackendArg {
    /// Emit C and compile it with the system C compiler.
    C,
    /// Emit an LLVM module and compile it in process (LLVM 14).
    Llvm,
}

#[derive(Clone, Copy, ValueEnum, Debug)]
enum StageArg {
    /// As built from the source.
    Flow,
    /// With the type the annotator inferred for each variable.
    Annotated,
    /// Low-level: after the rtyper and the transforms.
    Lowered,
}

#[derive(Clone, Copy, ValueEnum, Debug)]
enum FormatArg {
    /// The text form (as in the tests' snapshots).
    Text,
    /// Graphviz's DOT language.
    Dot,
    /// A drawing (laid out by rpy itself: Graphviz is not needed).
    Svg,
}

/// The port `rpy view` listens on unless told otherwise.
const DEFAULT_PORT: u16 = 8765;

#[derive(clap::Args, Clone)]
struct BuildFlags {
    /// Optimization level of the C compiler.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(0..=3))]
    opt: u8,
    /// Garbage collector.
    #[arg(long, value_enum, default_value_t = GcArg::Gen)]
    gc: GcArg,
    /// Check the heap's invariants around every collection (with --gc=gen; slow).
    #[arg(long)]
    gc_debug: bool,
    /// Compile with AddressSanitizer and UndefinedBehaviorSanitizer (for testing rpy).
    #[arg(long)]
    sanitize: bool,
    /// Code generator.
    #[arg(long, value_enum, default_value_t = BackendArg::C)]
    backend: BackendArg,
}

impl BuildFlags {
    fn options(&self) -> Options {
        let gc = match self.gc {
            GcArg::Gen => Gc::Gen,
            GcArg::Boehm => Gc::Boehm,
            GcArg::None => Gc::None,
        };
        let sanitize = if self.sanitize { Sanitize::AddressUndefined } else { Sanitize::None };
        let backend = match self.backend {
            BackendArg::C => Backend::C,
            BackendArg::Llvm => Backend::Llvm,
        };
        Options { compile: CompileOptions { opt: self.opt, gc, gc_debug: self.gc_debug, sanitize, backend }, ..Options::default() }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Translate PROG.py into a native binary.
    Build {
        /// The program's entry file (defines `main(argv)`).
        program: PathBuf,
        /// Where to write the binary (default: PROG without .py).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Also write an intermediate form.
        #[arg(long, value_enum)]
        emit: Option<EmitArg>,
        #[command(flatten)]
        flags: BuildFlags,
    },
    /// Translate PROG.py (cached by content) and run it with ARGS.
    Run {
        program: PathBuf,
        #[command(flatten)]
        flags: BuildFlags,
        /// Arguments for the program (after `--`).
        #[arg(last = true)]
        args: Vec<String>,
    },
    /// Check that PROG.py is valid RPy (parse and annotate, no code generation).
    Check {
        program: PathBuf,
        /// On an annotation error, serve the viewer on the failing operation (and open
        /// $BROWSER if set).
        #[arg(long)]
        view: bool,
        /// The viewer's port (with --view; 0: any free port).
        #[arg(long, default_value_t = DEFAULT_PORT, requires = "view")]
        port: u16,
    },
    /// Print flow graphs (text, DOT or SVG), the call graph or the class hierarchy.
    Flowgraph {
        program: PathBuf,
        /// Only this function (`name`, `Class.method` or `module.name`).
        #[arg(long)]
        func: Option<String>,
        /// Which stage to show.
        #[arg(long, value_enum, default_value_t = StageArg::Flow)]
        stage: StageArg,
        /// Output form.
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
        /// Show who calls whom instead of graphs.
        #[arg(long, conflicts_with_all = ["func", "classes"])]
        callgraph: bool,
        /// Show the class hierarchy, with each attribute's inferred type, instead of graphs.
        #[arg(long, conflicts_with_all = ["func"])]
        classes: bool,
    },
    /// Browse the graphs of PROG.py in a web browser (a server on 127.0.0.1).
    View {
        program: PathBuf,
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = DEFAULT_PORT)]
        port: u16,
        /// Write the viewer as static files into DIR instead of serving it.
        #[arg(long = "static", value_name = "DIR")]
        static_dir: Option<PathBuf>,
    },
}

/// Shows the phases on a terminal; times them with -v.
struct CliProgress {
    bar: Option<indicatif::ProgressBar>,
    verbose: bool,
}

impl CliProgress {
    fn new(quiet: bool, verbose: bool) -> CliProgress {
        let bar = if !quiet && std::io::stderr().is_terminal() {
            let b = indicatif::ProgressBar::new_spinner();
            b.enable_steady_tick(Duration::from_millis(100));
            Some(b)
        } else {
            None
        };
        CliProgress { bar, verbose }
    }

    fn finish(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}

impl Progress for CliProgress {
    fn phase_started(&mut self, name: &'static str) {
        if let Some(b) = &self.bar {
            b.set_message(format!("{name}..."));
        }
    }
    fn phase_finished(&mut self, name: &'static str, time: Duration) {
        if self.verbose {
            let line = format!("  {name:<16} {:>9.3} s", time.as_secs_f64());
            match &self.bar {
                Some(b) => b.println(line),
                None => eprintln!("{line}"),
            }
        }
    }
}

fn report(f: Failure) -> ExitCode {
    let color = std::io::stderr().is_terminal();
    eprint!("{}", f.render(color));
    let n = f.diagnostics.len();
    if n > 1 {
        eprintln!("error: {n} errors");
    }
    ExitCode::from(1)
}

fn total(t: &Timings) -> f64 {
    t.phases.iter().map(|(_, d)| d.as_secs_f64()).sum()
}

fn main() -> ExitCode {
    // Deeply nested programs recurse deeply in the frontend: run on a large stack.
    let worker = std::thread::Builder::new().stack_size(512 << 20).spawn(real_main);
    match worker.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("error[internal-error]: rpy stopped unexpectedly; please report this with the program that triggers it");
            ExitCode::from(101)
        }
    }
}

fn real_main() -> ExitCode {
    let cli = Cli::parse();
    let mut progress = CliProgress::new(cli.quiet, cli.verbose);
    let result = match &cli.command {
        Command::Build { program, output, emit, flags } => {
            let out = output.clone().unwrap_or_else(|| program.with_extension(""));
            let emit = emit.map(|e| match e {
                EmitArg::C => Emit::C,
                EmitArg::LlvmIr => Emit::LlvmIr,
            });
            rpy_driver::build(program, &out, &flags.options(), emit, &mut progress).map(|t| {
                progress.finish();
                if cli.verbose {
                    eprintln!("  {:<16} {:>9.3} s", "total", total(&t));
                }
                ExitCode::SUCCESS
            })
        }
        Command::Run { program, flags, args } => match rpy_driver::build_cached(program, &flags.options(), &mut progress) {
            Ok((exe, _)) => {
                progress.finish();
                match std::process::Command::new(&exe).arg0_of(program).args(args).status() {
                    Ok(status) => match status.code() {
                        Some(code) => Ok(ExitCode::from(code as u8)),
                        None => {
                            // Translated programs turn errors into Python exceptions, so a
                            // signal means a bug in rpy (or an outside kill): say so.
                            use std::os::unix::process::ExitStatusExt;
                            let sig = status.signal().unwrap_or(0);
                            eprintln!("rpy: {} was killed by signal {sig}; if rpy translated it, this is a bug in rpy", exe.display());
                            Ok(ExitCode::from(128u8.wrapping_add(sig as u8)))
                        }
                    },
                    Err(e) => Err(Failure::message(rpy_source::ErrorCode::Io, format!("cannot run {}: {e}", exe.display()))),
                }
            }
            Err(f) => Err(f),
        },
        Command::Check { program, view, port } => match rpy_driver::check(program, &mut progress) {
            Ok(_) => {
                progress.finish();
                if !cli.quiet {
                    eprintln!("{}: ok", program.display());
                }
                Ok(ExitCode::SUCCESS)
            }
            Err(f) if *view => {
                progress.finish();
                let code = report(f);
                match view_failure(program, *port) {
                    Ok(()) => Ok(code),
                    Err(f) => Err(f),
                }
            }
            Err(f) => Err(f),
        },
        Command::Flowgraph { program, func, stage, format, callgraph, classes } => {
            let stage = match stage {
                StageArg::Flow => Stage::Flow,
                StageArg::Annotated => Stage::Annotated,
                StageArg::Lowered => Stage::Lowered,
            };
            let format = match format {
                FormatArg::Text => rpy_viewer::Format::Text,
                FormatArg::Dot => rpy_viewer::Format::Dot,
                FormatArg::Svg => rpy_viewer::Format::Svg,
            };
            let subject = if *callgraph {
                rpy_viewer::Subject::CallGraph
            } else if *classes {
                rpy_viewer::Subject::Classes
            } else {
                rpy_viewer::Subject::Graphs { func: func.as_deref(), stage }
            };
            rpy_viewer::flowgraph(program, subject, format, &Options::default()).and_then(|text| {
                progress.finish();
                write_stdout(&text)
            })
        }
        Command::View { program, port, static_dir } => {
            progress.phase_started("translate");
            let site = rpy_viewer::site(program, &Options::default());
            progress.finish();
            site.and_then(|site| match static_dir {
                Some(dir) => match site.write_static(dir) {
                    Ok(n) => {
                        if !cli.quiet {
                            eprintln!("wrote {n} files; open {}", dir.join("index.html").display());
                        }
                        Ok(ExitCode::SUCCESS)
                    }
                    Err(e) => Err(Failure::message(rpy_source::ErrorCode::Io, e)),
                },
                None => serve(site, *port, ""),
            })
        }
    };
    progress.finish();
    result.unwrap_or_else(report)
}

/// Prints `text`; a closed pipe (`| head`) is not an error.
fn write_stdout(text: &str) -> Result<ExitCode, Failure> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::message(rpy_source::ErrorCode::Io, format!("cannot write the output: {e}"))),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// Serves the viewer until interrupted, printing its URL (with `fragment`) and opening
/// $BROWSER if set.
fn serve(site: rpy_viewer::Site, port: u16, fragment: &str) -> Result<ExitCode, Failure> {
    let server = rpy_viewer::Server::start(std::sync::Arc::new(site), port).map_err(|e| Failure::message(rpy_source::ErrorCode::Io, e))?;
    let url = format!("{}{fragment}", server.url);
    println!("rpy view: serving {url} (Ctrl-C to stop)");
    open_browser(&url);
    server.wait();
    Ok(ExitCode::SUCCESS)
}

/// Opens `url` with the browser named by $BROWSER, without waiting for it.
fn open_browser(url: &str) {
    let Ok(browser) = std::env::var("BROWSER") else { return };
    let mut words = browser.split_whitespace();
    let Some(cmd) = words.next() else { return };
    let spawned = std::process::Command::new(cmd)
        .args(words)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!("rpy view: cannot start $BROWSER ({browser}): {e}");
    }
}

/// `rpy check --view` after an annotation error: the viewer, opened on the failing operation.
fn view_failure(program: &std::path::Path, port: u16) -> Result<(), Failure> {
    let site = rpy_viewer::site(program, &Options::default())?;
    let fragment = site.model.failure.as_ref().and_then(|f| f.at.as_ref()).map(rpy_viewer::Site::fragment).unwrap_or_default();
    serve(site, port, &fragment).map(|_| ())
}

/// `argv[0]` of the program is its own name, as under CPython.
trait Arg0 {
    fn arg0_of(&mut self, program: &std::path::Path) -> &mut Self;
}

impl Arg0 for std::process::Command {
    fn arg0_of(&mut self, program: &std::path::Path) -> &mut Self {
        use std::os::unix::process::CommandExt;
        self.arg0(program.as_os_str())
    }
}
