//! Low-level types as LLVM types, with the layouts C gives them.
//!
//! Every pointer value is an `i8*` (the pointee type is given at each access), so values of
//! different pointer types flow through links and calls without casts, as they do in C. In
//! memory, `Bool` is a byte (C's `bool`); as a value it is an `i1`.
//!
//! A struct is `{ header-or-base, fields..., [0 x item] }`: generated GC structs start with
//! `rpy_hdr` (two `u32`), a subclass embeds its base first (`super`), a varsize struct ends
//! with its flexible array. LLVM's non-packed structs under the target's data layout have
//! C's natural alignment, so offsets and sizes are those of the C backend's structs. The
//! runtime's structs follow `rpy.h`: their low-level fields are a prefix of the C struct,
//! and `runtime_extra_fields` lists the fields rpy.h has beyond them (a test compares every
//! offset and size with what the C compiler computes).

use inkwell::context::Context;
use inkwell::types::{BasicType, BasicTypeEnum, PointerType, StructType};
use inkwell::AddressSpace;
use rpy_lltype::{LlType, TypeRef, Types};

/// A field the runtime's C struct has after the ones `rpy_lltype` declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extra {
    /// A pointer (data or function).
    Ptr,
}

/// The fields of runtime struct `c_name` that low-level code never names (so `rpy_lltype`
/// leaves them out) but that count for its size.
pub fn runtime_extra_fields(c_name: &str) -> &'static [Extra] {
    match c_name {
        // Signed (*hash)(uint64_t); bool (*eq)(uint64_t, uint64_t);
        "rpy_dict" => &[Extra::Ptr, Extra::Ptr],
        _ => &[],
    }
}

/// The LLVM type of one struct and where each low-level field went.
pub struct StructLayout<'ctx> {
    pub ty: StructType<'ctx>,
    /// The element index of each low-level field (`None` for `Void` fields, which take no
    /// room).
    pub fields: Vec<Option<u32>>,
    /// The element index of the trailing variable-sized array.
    pub varsize: Option<u32>,
}

/// The LLVM types of a program's structs.
pub struct Layouts<'ctx> {
    pub structs: Vec<StructLayout<'ctx>>,
    pub hdr: StructType<'ctx>,
    pub i8p: PointerType<'ctx>,
}

/// The name of a struct type in the module (the C backend's struct name).
pub fn struct_name(types: &Types, t: TypeRef) -> String {
    let sd = types.struct_def(t);
    match sd.runtime {
        Some(n) => n.to_string(),
        None => format!("t{}_{}", t.0, ident(&sd.name)),
    }
}

pub fn ident(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect()
}

/// The type of a value held in memory (struct fields, array items, static data).
pub fn mem_type<'ctx>(ctx: &'ctx Context, t: LlType) -> Option<BasicTypeEnum<'ctx>> {
    Some(match t {
        LlType::Void => return None,
        LlType::Bool | LlType::Char => ctx.i8_type().into(),
        LlType::Signed | LlType::Unsigned => ctx.i64_type().into(),
        LlType::Float => ctx.f64_type().into(),
        LlType::UniChar => ctx.i32_type().into(),
        LlType::Ptr(_) | LlType::FuncPtr(_) => ctx.i8_type().ptr_type(AddressSpace::default()).into(),
    })
}

/// The type of a value in a register (variables, parameters, results).
pub fn val_type<'ctx>(ctx: &'ctx Context, t: LlType) -> Option<BasicTypeEnum<'ctx>> {
    match t {
        LlType::Bool => Some(ctx.bool_type().into()),
        other => mem_type(ctx, other),
    }
}

/// Whether a parameter or result of this type is zero-extended by the C calling convention
/// (`bool` and `uint8_t`).
pub fn zero_extended(t: LlType) -> bool {
    matches!(t, LlType::Bool | LlType::Char)
}

impl<'ctx> Layouts<'ctx> {
    pub fn new(ctx: &'ctx Context, types: &Types) -> Layouts<'ctx> {
        let i32t = ctx.i32_type();
        let hdr = ctx.opaque_struct_type("rpy_hdr");
        hdr.set_body(&[i32t.into(), i32t.into()], false);
        let i8p = ctx.i8_type().ptr_type(AddressSpace::default());
        let opaque: Vec<StructType<'ctx>> = (0..types.defs.len()).map(|i| ctx.opaque_struct_type(&struct_name(types, TypeRef(i as u32)))).collect();
        let mut structs = Vec::with_capacity(opaque.len());
        for (i, ty) in opaque.iter().enumerate() {
            let sd = types.struct_def(TypeRef(i as u32));
            let mut elems: Vec<BasicTypeEnum<'ctx>> = vec![];
            match sd.base {
                Some(b) => elems.push(opaque[b.0 as usize].into()),
                None if sd.gc => elems.push(hdr.into()),
                None => {}
            }
            let mut fields = vec![];
            for (_, ft) in &sd.fields {
                match mem_type(ctx, *ft) {
                    Some(t) => {
                        fields.push(Some(elems.len() as u32));
                        elems.push(t);
                    }
                    None => fields.push(None),
                }
            }
            if let Some(name) = sd.runtime {
                for e in runtime_extra_fields(name) {
                    match e {
                        Extra::Ptr => elems.push(i8p.into()),
                    }
                }
            }
            if elems.is_empty() {
                // C's `char unused;` in an otherwise empty struct.
                elems.push(ctx.i8_type().into());
            }
            let varsize = sd.varsize.and_then(|it| mem_type(ctx, it)).map(|it| {
                elems.push(it.array_type(0).into());
                elems.len() as u32 - 1
            });
            ty.set_body(&elems, false);
            structs.push(StructLayout { ty: *ty, fields, varsize });
        }
        Layouts { structs, hdr, i8p }
    }

    pub fn get(&self, t: TypeRef) -> &StructLayout<'ctx> {
        &self.structs[t.0 as usize]
    }
}

/// The struct type of a static string of `n` bytes (`rpy_str` with its data inline, NUL
/// included), as the C backend's `struct rpy_strlit_N`.
pub fn str_literal_type<'ctx>(ctx: &'ctx Context, l: &Layouts<'ctx>, n: usize) -> StructType<'ctx> {
    let i64t = ctx.i64_type();
    ctx.struct_type(&[l.hdr.into(), i64t.into(), i64t.into(), i64t.into(), l.i8p.into(), ctx.i8_type().array_type(n as u32 + 1).into()], false)
}

/// The struct type of static bytes of length `n` (`struct rpy_byteslit_N`).
pub fn bytes_literal_type<'ctx>(ctx: &'ctx Context, l: &Layouts<'ctx>, n: usize) -> StructType<'ctx> {
    let i64t = ctx.i64_type();
    ctx.struct_type(&[l.hdr.into(), i64t.into(), i64t.into(), ctx.i8_type().array_type(n as u32 + 1).into()], false)
}
