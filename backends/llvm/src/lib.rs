//! The LLVM backend: emits an LLVM module (through inkwell) from the same `LlProgram` the C
//! backend reads, runs LLVM's optimisation pipeline and writes an object file, which the
//! driver links with the runtime like the C backend's output.
//!
//! The semantics are the C backend's: every primitive operation is emitted as IR with the
//! behaviour of `rpy_ops.h` (the runtime's `static inline` functions have no linkable
//! definitions), out-of-line runtime functions are declared and called, struct layouts and
//! static data are those of the generated C, and the exported symbols are the same
//! (`rpy_entry`, `rpy_make_exception`, `rpy_init_prebuilt`, the type-info table and the
//! traceback locations). Every operation carries the debug location of its span.
//!
//! Architecture invariant: this crate only turns `LlProgram` into a module and an object
//! file in memory; it never touches the file system and never runs a process.

mod debug;
mod emit;
mod layout;
mod statics;

pub use emit::{EXCEPTIONS, HELPERS};
pub use layout::{runtime_extra_fields, Extra};

use inkwell::context::Context;
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::{CodeModel, FileType, InitializationConfig, RelocMode, Target, TargetMachine};
use inkwell::OptimizationLevel;
use rpy_lltype::LlProgram;
use std::fmt;

/// An internal error of the backend (a low-level program it cannot express, or LLVM
/// rejecting the module).
#[derive(Debug, Clone)]
pub struct EmitError(pub String);

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LLVM backend: {}", self.0)
    }
}

impl From<inkwell::builder::BuilderError> for EmitError {
    fn from(e: inkwell::builder::BuilderError) -> Self {
        EmitError(format!("IR builder: {e:?}"))
    }
}

/// How to compile.
#[derive(Clone, Debug)]
pub struct LlvmOptions {
    /// 0..=3: LLVM's `default<On>` pipeline and code generation level.
    pub opt: u8,
    /// The directory relative source names are relative to (debug information).
    pub comp_dir: String,
    /// Emit debug locations.
    pub debug_info: bool,
    /// Instrument the generated code with AddressSanitizer (its runtime comes with the
    /// C compiler's `-fsanitize=address` at link time). UndefinedBehaviorSanitizer has no
    /// LLVM pass (clang's front end inserts its checks), so it covers only the runtime.
    pub sanitize_address: bool,
    /// Lower switches to jump tables. Off by default: the C compiler keeps the if/elif
    /// chains of interpreter dispatch loops as compare chains, and LLVM's jump table for the
    /// same chain was slower (the bf benchmark: 1.26x the C backend's time with jump
    /// tables, 1.07x without).
    pub jump_tables: bool,
}

impl Default for LlvmOptions {
    fn default() -> Self {
        LlvmOptions { opt: 2, comp_dir: String::from("."), debug_info: true, sanitize_address: false, jump_tables: false }
    }
}

/// What a compilation gives.
pub struct LlvmOutput {
    /// The module as text before optimisation (`--emit llvm-ir`), when asked for.
    pub ir: Option<String>,
    /// The object file.
    pub object: Vec<u8>,
}

/// The phases of `compile`, reported through the caller's timer.
pub const PHASE_EMIT: &str = "emit LLVM";
pub const PHASE_OPTIMIZE: &str = "optimize LLVM";
pub const PHASE_CODEGEN: &str = "codegen LLVM";

fn init_targets() {
    static INIT: std::sync::Once = std::sync::Once::new();
    INIT.call_once(|| {
        Target::initialize_native(&InitializationConfig::default()).expect("LLVM knows the host");
    });
}

fn level(opt: u8) -> OptimizationLevel {
    match opt {
        0 => OptimizationLevel::None,
        1 => OptimizationLevel::Less,
        2 => OptimizationLevel::Default,
        _ => OptimizationLevel::Aggressive,
    }
}

/// The host's target machine, for the baseline CPU of the architecture (as the C compiler
/// without `-march`), position-independent (the C compiler links PIE binaries).
fn target_machine(opt: u8) -> Result<TargetMachine, EmitError> {
    init_targets();
    let triple = TargetMachine::get_default_triple();
    let target = Target::from_triple(&triple).map_err(|e| EmitError(format!("no LLVM target for {}: {e}", triple.as_str().to_string_lossy())))?;
    let cpu = if cfg!(target_arch = "x86_64") { "x86-64" } else { "generic" };
    target
        .create_target_machine(&triple, cpu, "", level(opt), RelocMode::PIC, CodeModel::Default)
        .ok_or_else(|| EmitError(format!("cannot create a target machine for {}", triple.as_str().to_string_lossy())))
}

/// Builds the module of `program` (verified).
fn emit_module<'ctx>(
    ctx: &'ctx Context,
    machine: &TargetMachine,
    program: &LlProgram,
    options: &LlvmOptions,
) -> Result<inkwell::module::Module<'ctx>, EmitError> {
    let module = ctx.create_module("rpy_program");
    module.set_triple(&machine.get_triple());
    let td = machine.get_target_data();
    module.set_data_layout(&td.get_data_layout());
    let debug = if options.debug_info && program.sources.files().next().is_some() {
        Some(debug::Debug::new(&module, ctx, &options.comp_dir, options.opt > 0))
    } else {
        None
    };
    let mut cx = emit::Cx::new(program, ctx, module, &td, debug);
    cx.sanitize_address = options.sanitize_address;
    cx.jump_tables = options.jump_tables;
    cx.declare_functions();
    cx.declare_statics();
    cx.define_statics();
    cx.type_info();
    cx.locations();
    cx.define_functions()?;
    if let Some(d) = cx.debug.borrow_mut().take() {
        d.finish();
    }
    let module = cx.module;
    module.verify().map_err(|e| EmitError(format!("invalid module: {}", e.to_string())))?;
    Ok(module)
}

/// The module of `program` as LLVM assembly text (before optimisation).
pub fn emit_ir(program: &LlProgram, options: &LlvmOptions) -> Result<String, EmitError> {
    let machine = target_machine(options.opt)?;
    let ctx = Context::create();
    let module = emit_module(&ctx, &machine, program, options)?;
    Ok(module.print_to_string().to_string())
}

/// Emits, optimises and compiles `program` to an object file. `phase(name, f)` runs each
/// phase (`PHASE_*`), so the caller can time it.
pub fn compile(
    program: &LlProgram,
    options: &LlvmOptions,
    want_ir: bool,
    phase: &mut dyn FnMut(&'static str, &mut dyn FnMut()),
) -> Result<LlvmOutput, EmitError> {
    let machine = target_machine(options.opt)?;
    let ctx = Context::create();
    let mut emitted = None;
    phase(PHASE_EMIT, &mut || emitted = Some(emit_module(&ctx, &machine, program, options)));
    let module = emitted.expect("the phase ran")?;
    let ir = if want_ir { Some(module.print_to_string().to_string()) } else { None };
    let mut optimized = None;
    phase(PHASE_OPTIMIZE, &mut || {
        let pbo = PassBuilderOptions::create();
        let vectorize = options.opt >= 2;
        pbo.set_loop_vectorization(vectorize);
        pbo.set_loop_slp_vectorization(vectorize);
        pbo.set_loop_interleaving(vectorize);
        pbo.set_loop_unrolling(options.opt >= 2);
        pbo.set_merge_functions(false);
        let mut passes = format!("default<O{}>", options.opt.min(3));
        if options.sanitize_address {
            // After optimisation, as clang does; in LLVM 14 the module pass also instruments
            // the functions (adding `function(asan)` would instrument them twice).
            passes.push_str(",asan-module");
        }
        optimized = Some(module.run_passes(&passes, &machine, pbo).map_err(|e| EmitError(format!("optimisation failed: {}", e.to_string()))));
    });
    optimized.expect("the phase ran")?;
    let mut object = None;
    phase(PHASE_CODEGEN, &mut || {
        object = Some(
            machine
                .write_to_memory_buffer(&module, FileType::Object)
                .map(|b| b.as_slice().to_vec())
                .map_err(|e| EmitError(format!("code generation failed: {}", e.to_string()))),
        );
    });
    let object = object.expect("the phase ran")?;
    Ok(LlvmOutput { ir, object })
}

/// The size and the offset of every element of the LLVM type of each runtime struct, for the
/// test that compares them with the C compiler's layout of `rpy.h`.
pub fn runtime_layouts() -> Vec<(String, u64, Vec<u64>)> {
    let machine = target_machine(0).expect("a target machine");
    let td = machine.get_target_data();
    let ctx = Context::create();
    let types = rpy_lltype::Types::new();
    let layouts = layout::Layouts::new(&ctx, &types);
    let mut out = vec![];
    for (i, d) in types.defs.iter().enumerate() {
        let sd = d.as_struct();
        let Some(name) = sd.runtime else { continue };
        let l = layouts.get(rpy_lltype::TypeRef(i as u32));
        let offsets = l.fields.iter().map(|f| f.map_or(u64::MAX, |idx| td.offset_of_element(&l.ty, idx).unwrap_or(u64::MAX))).collect();
        out.push((name.to_string(), td.get_abi_size(&l.ty), offsets));
    }
    out
}
