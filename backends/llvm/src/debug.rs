//! Debug information: one compile unit per `.py` file, a subprogram per function, the line
//! (and column) of each operation's span, so gdb, perf and valgrind show `.py` lines.
//!
//! A function's subprogram lives in the file of its definition; operations from other files
//! (inlined helpers, code rpy synthesizes at a call site) get a lexical block in their file.
//! An operation without a span keeps the location of the one before it (as `#line` does in
//! the C backend).

use inkwell::context::Context;
use inkwell::debug_info::{
    AsDIScope, DICompileUnit, DIFile, DIFlags, DIFlagsConstants, DILocation, DIScope, DISubprogram, DWARFEmissionKind, DWARFSourceLanguage, DebugInfoBuilder,
};
use inkwell::module::{FlagBehavior, Module};
use inkwell::values::FunctionValue;
use rpy_lltype::LlProgram;
use rpy_source::{FileId, Span};
use std::collections::HashMap;

struct Unit<'ctx> {
    builder: DebugInfoBuilder<'ctx>,
    cu: DICompileUnit<'ctx>,
}

/// The debug-information builders of a module.
pub struct Debug<'ctx> {
    units: HashMap<u32, Unit<'ctx>>,
    comp_dir: String,
    optimized: bool,
}

/// Where the operations of one function are.
pub struct FnDebug<'ctx> {
    home: u32,
    subprogram: DISubprogram<'ctx>,
    /// Lexical blocks for operations in other files.
    others: HashMap<u32, DIScope<'ctx>>,
    pub current: DILocation<'ctx>,
}

impl<'ctx> Debug<'ctx> {
    pub fn new(module: &Module<'ctx>, ctx: &'ctx Context, comp_dir: &str, optimized: bool) -> Debug<'ctx> {
        let i32t = ctx.i32_type();
        module.add_basic_value_flag("Dwarf Version", FlagBehavior::Warning, i32t.const_int(4, false));
        module.add_basic_value_flag("Debug Info Version", FlagBehavior::Warning, i32t.const_int(inkwell::debug_info::debug_metadata_version() as u64, false));
        Debug { units: HashMap::new(), comp_dir: comp_dir.to_string(), optimized }
    }

    fn unit(&mut self, module: &Module<'ctx>, p: &LlProgram, file: u32) -> &Unit<'ctx> {
        let (comp_dir, optimized) = (self.comp_dir.clone(), self.optimized);
        self.units.entry(file).or_insert_with(|| {
            let name = p.sources.get(FileId(file)).map_or_else(|| "<rpy>".to_string(), |f| f.name.clone());
            let (builder, cu) = module.create_debug_info_builder(
                true,
                DWARFSourceLanguage::C,
                &name,
                &comp_dir,
                "rpy",
                optimized,
                "",
                0,
                "",
                DWARFEmissionKind::LineTablesOnly,
                0,
                false,
                false,
                "",
                "",
            );
            Unit { builder, cu }
        })
    }

    /// The subprogram of a function, attached to it.
    pub fn function(
        &mut self,
        module: &Module<'ctx>,
        ctx: &'ctx Context,
        p: &LlProgram,
        f: &rpy_lltype::LlFunction,
        fv: FunctionValue<'ctx>,
        local: bool,
    ) -> FnDebug<'ctx> {
        let first_span = f.graph.blocks.iter().flat_map(|b| b.ops.iter()).map(|op| op.span).find(|s| !s.is_dummy() && p.sources.get(s.file).is_some());
        let home = if !f.span.is_dummy() && p.sources.get(f.span.file).is_some() { f.span.file.0 } else { first_span.map_or(0, |s| s.file.0) };
        let line = if f.span.is_dummy() { 0 } else { p.sources.line_of(f.span) };
        let optimized = self.optimized;
        let unit = self.unit(module, p, home);
        let file: DIFile<'ctx> = unit.cu.get_file();
        let sig = unit.builder.create_subroutine_type(file, None, &[], DIFlags::ZERO);
        let subprogram =
            unit.builder.create_function(file.as_debug_info_scope(), &f.display, Some(&f.name), file, line, sig, local, true, line, DIFlags::ZERO, optimized);
        fv.set_subprogram(subprogram);
        let current = unit.builder.create_debug_location(ctx, line, 0, subprogram.as_debug_info_scope(), None);
        FnDebug { home, subprogram, others: HashMap::new(), current }
    }

    /// The location of an operation with span `span` (the previous one for dummy spans).
    pub fn location(&mut self, module: &Module<'ctx>, ctx: &'ctx Context, p: &LlProgram, fd: &mut FnDebug<'ctx>, span: Span) -> DILocation<'ctx> {
        if span.is_dummy() {
            return fd.current;
        }
        let Some(file) = p.sources.get(span.file) else { return fd.current };
        let (line, col) = file.line_col(span.start);
        let scope = if span.file.0 == fd.home {
            fd.subprogram.as_debug_info_scope()
        } else if let Some(s) = fd.others.get(&span.file.0) {
            *s
        } else {
            let name = file.name.clone();
            let comp_dir = self.comp_dir.clone();
            let home = fd.home;
            let unit = self.unit(module, p, home);
            let difile = unit.builder.create_file(&name, &comp_dir);
            let block = unit.builder.create_lexical_block(fd.subprogram.as_debug_info_scope(), difile, 0, 0).as_debug_info_scope();
            fd.others.insert(span.file.0, block);
            block
        };
        let unit = self.unit(module, p, fd.home);
        fd.current = unit.builder.create_debug_location(ctx, line, col, scope, None);
        fd.current
    }

    /// Finalizes every compile unit (before verification and code generation).
    pub fn finish(self) {
        let mut units: Vec<(u32, Unit<'ctx>)> = self.units.into_iter().collect();
        units.sort_by_key(|(k, _)| *k);
        for (_, u) in units {
            u.builder.finalize();
            drop(u);
        }
    }
}
