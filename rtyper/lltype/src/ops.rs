//! Low-level operations and constants. Primitive operations on machine values are one table
//! (`PrimOp`, with their operand and result types); memory, call and exception operations
//! are the other variants of `LlOp`.

use crate::program::{FuncRef, StaticRef};
use crate::runtime_fns::RuntimeFn;
use crate::types::{LlType, SigRef, TypeRef};
use rpy_flow::{FloatBits, OpKind};
use std::fmt;

macro_rules! prim_ops {
    ($($variant:ident => $text:literal, [$($param:ident),*], $result:ident, $raises:expr;)*) => {
        /// An operation on machine values.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub enum PrimOp { $($variant,)* }

        impl PrimOp {
            pub fn text(self) -> &'static str {
                match self { $(PrimOp::$variant => $text,)* }
            }
            pub fn params(self) -> &'static [LlType] {
                match self { $(PrimOp::$variant => &[$(LlType::$param),*],)* }
            }
            pub fn result(self) -> LlType {
                match self { $(PrimOp::$variant => LlType::$result,)* }
            }
            /// Whether it can raise (ZeroDivisionError, OverflowError, ValueError).
            pub fn can_raise(self) -> bool {
                match self { $(PrimOp::$variant => $raises,)* }
            }
            pub const ALL: &'static [PrimOp] = &[$(PrimOp::$variant,)*];
        }
    };
}

prim_ops! {
    // Signed arithmetic wraps on overflow, as RPy's int does; Python semantics for // and %.
    IntAdd => "int_add", [Signed, Signed], Signed, false;
    IntSub => "int_sub", [Signed, Signed], Signed, false;
    IntMul => "int_mul", [Signed, Signed], Signed, false;
    IntFloorDiv => "int_floordiv", [Signed, Signed], Signed, true;
    IntMod => "int_mod", [Signed, Signed], Signed, true;
    IntTrueDiv => "int_truediv", [Signed, Signed], Float, true;
    IntPow => "int_pow", [Signed, Signed], Signed, true;
    IntAddOvf => "int_add_ovf", [Signed, Signed], Signed, true;
    IntSubOvf => "int_sub_ovf", [Signed, Signed], Signed, true;
    IntMulOvf => "int_mul_ovf", [Signed, Signed], Signed, true;
    IntAnd => "int_and", [Signed, Signed], Signed, false;
    IntOr => "int_or", [Signed, Signed], Signed, false;
    IntXor => "int_xor", [Signed, Signed], Signed, false;
    IntLshift => "int_lshift", [Signed, Signed], Signed, true;
    IntRshift => "int_rshift", [Signed, Signed], Signed, true;
    IntNeg => "int_neg", [Signed], Signed, false;
    IntInvert => "int_invert", [Signed], Signed, false;
    IntAbs => "int_abs", [Signed], Signed, false;
    IntLt => "int_lt", [Signed, Signed], Bool, false;
    IntLe => "int_le", [Signed, Signed], Bool, false;
    IntEq => "int_eq", [Signed, Signed], Bool, false;
    IntNe => "int_ne", [Signed, Signed], Bool, false;
    IntGt => "int_gt", [Signed, Signed], Bool, false;
    IntGe => "int_ge", [Signed, Signed], Bool, false;
    // Unsigned (r_uint) arithmetic wraps modulo 2**64.
    UintAdd => "uint_add", [Unsigned, Unsigned], Unsigned, false;
    UintSub => "uint_sub", [Unsigned, Unsigned], Unsigned, false;
    UintMul => "uint_mul", [Unsigned, Unsigned], Unsigned, false;
    UintFloorDiv => "uint_floordiv", [Unsigned, Unsigned], Unsigned, true;
    UintMod => "uint_mod", [Unsigned, Unsigned], Unsigned, true;
    UintAnd => "uint_and", [Unsigned, Unsigned], Unsigned, false;
    UintOr => "uint_or", [Unsigned, Unsigned], Unsigned, false;
    UintXor => "uint_xor", [Unsigned, Unsigned], Unsigned, false;
    UintLshift => "uint_lshift", [Unsigned, Signed], Unsigned, false;
    UintRshift => "uint_rshift", [Unsigned, Signed], Unsigned, false;
    UintInvert => "uint_invert", [Unsigned], Unsigned, false;
    UintLt => "uint_lt", [Unsigned, Unsigned], Bool, false;
    UintLe => "uint_le", [Unsigned, Unsigned], Bool, false;
    UintEq => "uint_eq", [Unsigned, Unsigned], Bool, false;
    UintNe => "uint_ne", [Unsigned, Unsigned], Bool, false;
    UintGt => "uint_gt", [Unsigned, Unsigned], Bool, false;
    UintGe => "uint_ge", [Unsigned, Unsigned], Bool, false;
    FloatAdd => "float_add", [Float, Float], Float, false;
    FloatSub => "float_sub", [Float, Float], Float, false;
    FloatMul => "float_mul", [Float, Float], Float, false;
    FloatTrueDiv => "float_truediv", [Float, Float], Float, true;
    FloatFloorDiv => "float_floordiv", [Float, Float], Float, true;
    FloatMod => "float_mod", [Float, Float], Float, true;
    FloatPow => "float_pow", [Float, Float], Float, true;
    FloatNeg => "float_neg", [Float], Float, false;
    FloatAbs => "float_abs", [Float], Float, false;
    FloatLt => "float_lt", [Float, Float], Bool, false;
    FloatLe => "float_le", [Float, Float], Bool, false;
    FloatEq => "float_eq", [Float, Float], Bool, false;
    FloatNe => "float_ne", [Float, Float], Bool, false;
    FloatGt => "float_gt", [Float, Float], Bool, false;
    FloatGe => "float_ge", [Float, Float], Bool, false;
    BoolNot => "bool_not", [Bool], Bool, false;
    BoolAnd => "bool_and", [Bool, Bool], Bool, false;
    BoolOr => "bool_or", [Bool, Bool], Bool, false;
    BoolEq => "bool_eq", [Bool, Bool], Bool, false;
    BoolNe => "bool_ne", [Bool, Bool], Bool, false;
    UniCharEq => "unichar_eq", [UniChar, UniChar], Bool, false;
    UniCharNe => "unichar_ne", [UniChar, UniChar], Bool, false;
    UniCharLt => "unichar_lt", [UniChar, UniChar], Bool, false;
    UniCharLe => "unichar_le", [UniChar, UniChar], Bool, false;
    UniCharGt => "unichar_gt", [UniChar, UniChar], Bool, false;
    UniCharGe => "unichar_ge", [UniChar, UniChar], Bool, false;
    CastBoolToInt => "cast_bool_to_int", [Bool], Signed, false;
    CastIntToBool => "cast_int_to_bool", [Signed], Bool, false;
    CastIntToFloat => "cast_int_to_float", [Signed], Float, false;
    CastFloatToInt => "cast_float_to_int", [Float], Signed, true;
    CastFloatToBool => "cast_float_to_bool", [Float], Bool, false;
    CastIntToUint => "cast_int_to_uint", [Signed], Unsigned, false;
    CastUintToInt => "cast_uint_to_int", [Unsigned], Signed, false;
    CastUintToFloat => "cast_uint_to_float", [Unsigned], Float, false;
    CastUniCharToInt => "cast_unichar_to_int", [UniChar], Signed, false;
    CastIntToUniChar => "cast_int_to_unichar", [Signed], UniChar, true;
    CastCharToInt => "cast_char_to_int", [Char], Signed, false;
    CastIntToChar => "cast_int_to_char", [Signed], Char, false;
}

/// A low-level operation.
#[derive(Clone, PartialEq, Debug)]
pub enum LlOp {
    Prim(PrimOp),
    /// Copies its argument.
    SameAs,
    /// Allocates a fixed-size GC struct (zeroed).
    Malloc(TypeRef),
    /// Allocates a struct with a variable-sized part of `args[0]` items (zeroed).
    MallocVarsize(TypeRef),
    /// Reads field `idx` of struct `ty` (which the pointer must be a `ty` or a substruct of).
    GetField(TypeRef, u32),
    SetField(TypeRef, u32),
    /// Reads item `args[1]` of the variable-sized part of struct `ty`.
    GetVarItem(TypeRef),
    SetVarItem(TypeRef),
    /// Reinterprets a value of the given type as an 8-byte slot (`Unsigned`), for the
    /// runtime's containers.
    ToSlot(LlType),
    /// Reinterprets an 8-byte slot as a value of the given type.
    FromSlot(LlType),
    /// Converts a pointer to another struct type along the inheritance chain.
    CastPtr(TypeRef),
    PtrEq,
    PtrNe,
    PtrIsNull,
    PtrNonNull,
    /// Calls a function of the program.
    DirectCall(FuncRef),
    /// Calls through a function pointer (`args[0]`).
    IndirectCall(SigRef),
    /// Calls a function of the C runtime.
    RuntimeCall(RuntimeFn),
    /// Whether an exception is pending.
    ExcOccurred,
    /// Takes the pending exception (and clears it).
    ExcFetch,
    /// Makes `args[0]` the pending exception and records the traceback entry `location`.
    Raise(u32),
    /// Records that the pending exception passes through `location`.
    TracebackAdd(u32),
    /// Raises RecursionError if the stack is nearly exhausted.
    StackCheck,
    // The GC transform's operations (`--gc=gen`; see rpy_transform::transform_gc). Their
    // root arguments are the GC pointers (or slots holding them) live across a possible
    // collection: pushed on the shadow stack, where the collector finds and updates them, and
    // reloaded *in place* (the one exception to single assignment, after the last pass).
    /// Pushes its arguments on the shadow stack (before a call that may collect).
    GcPushRoots,
    /// Pops what the matching `GcPushRoots` pushed, reloading its arguments in place.
    GcPopRoots,
    /// `Malloc` with the nursery's inline bump allocation; when the nursery is full, a slow
    /// path that may collect, with the root arguments saved and reloaded in place.
    GcMalloc(TypeRef),
    /// `MallocVarsize` (`args[0]` items) likewise; the roots follow the count.
    GcMallocVarsize(TypeRef),
    /// When the runtime asked for a collection (its C code allocated past a full nursery),
    /// runs it, with the root arguments saved and reloaded in place.
    GcSafepoint,
    /// Comes before storing a GC pointer into object `args[0]`.
    GcWriteBarrier,
    /// Comes before storing a GC pointer into item `args[1]` of array `args[0]`.
    GcWriteBarrierItem,
}

impl LlOp {
    /// Whether the operation may raise.
    pub fn can_raise(&self) -> bool {
        match self {
            LlOp::Prim(p) => p.can_raise(),
            LlOp::DirectCall(_) | LlOp::IndirectCall(_) | LlOp::StackCheck => true,
            LlOp::RuntimeCall(f) => f.can_raise(),
            LlOp::SameAs
            | LlOp::Malloc(_)
            | LlOp::MallocVarsize(_)
            | LlOp::GetField(..)
            | LlOp::SetField(..)
            | LlOp::GetVarItem(_)
            | LlOp::SetVarItem(_)
            | LlOp::ToSlot(_)
            | LlOp::FromSlot(_)
            | LlOp::CastPtr(_)
            | LlOp::PtrEq
            | LlOp::PtrNe
            | LlOp::PtrIsNull
            | LlOp::PtrNonNull
            | LlOp::ExcOccurred
            | LlOp::ExcFetch
            | LlOp::Raise(_)
            | LlOp::TracebackAdd(_)
            | LlOp::GcPushRoots
            | LlOp::GcPopRoots
            | LlOp::GcMalloc(_)
            | LlOp::GcMallocVarsize(_)
            | LlOp::GcSafepoint
            | LlOp::GcWriteBarrier
            | LlOp::GcWriteBarrierItem => false,
        }
    }

    /// Whether the operation may allocate (and so run the GC).
    pub fn can_malloc(&self) -> bool {
        match self {
            LlOp::Malloc(_) | LlOp::MallocVarsize(_) | LlOp::DirectCall(_) | LlOp::IndirectCall(_) => true,
            LlOp::RuntimeCall(f) => f.can_malloc(),
            LlOp::StackCheck | LlOp::GcMalloc(_) | LlOp::GcMallocVarsize(_) | LlOp::GcSafepoint => true,
            _ => false,
        }
    }
}

impl OpKind for LlOp {
    type Const = LlConst;
    fn name(&self) -> String {
        match self {
            LlOp::Prim(p) => p.text().to_string(),
            LlOp::SameAs => "same_as".into(),
            LlOp::Malloc(t) => format!("malloc[t{}]", t.0),
            LlOp::MallocVarsize(t) => format!("malloc_varsize[t{}]", t.0),
            LlOp::GetField(t, i) => format!("getfield[t{}.{i}]", t.0),
            LlOp::SetField(t, i) => format!("setfield[t{}.{i}]", t.0),
            LlOp::GetVarItem(t) => format!("getvaritem[t{}]", t.0),
            LlOp::SetVarItem(t) => format!("setvaritem[t{}]", t.0),
            LlOp::ToSlot(t) => format!("to_slot[{t}]"),
            LlOp::FromSlot(t) => format!("from_slot[{t}]"),
            LlOp::CastPtr(t) => format!("cast_ptr[t{}]", t.0),
            LlOp::PtrEq => "ptr_eq".into(),
            LlOp::PtrNe => "ptr_ne".into(),
            LlOp::PtrIsNull => "ptr_iszero".into(),
            LlOp::PtrNonNull => "ptr_nonzero".into(),
            LlOp::DirectCall(f) => format!("direct_call[f{}]", f.0),
            LlOp::IndirectCall(_) => "indirect_call".into(),
            LlOp::RuntimeCall(f) => format!("runtime_call[{}]", f.c_name()),
            LlOp::ExcOccurred => "exc_occurred".into(),
            LlOp::ExcFetch => "exc_fetch".into(),
            LlOp::Raise(l) => format!("raise[loc{l}]"),
            LlOp::TracebackAdd(l) => format!("traceback_add[loc{l}]"),
            LlOp::StackCheck => "stack_check".into(),
            LlOp::GcPushRoots => "gc_push_roots".into(),
            LlOp::GcPopRoots => "gc_pop_roots".into(),
            LlOp::GcMalloc(t) => format!("gc_malloc[t{}]", t.0),
            LlOp::GcMallocVarsize(t) => format!("gc_malloc_varsize[t{}]", t.0),
            LlOp::GcSafepoint => "gc_safepoint".into(),
            LlOp::GcWriteBarrier => "gc_write_barrier".into(),
            LlOp::GcWriteBarrierItem => "gc_write_barrier_item".into(),
        }
    }
    fn can_raise(&self) -> bool {
        LlOp::can_raise(self)
    }
}

/// A constant operand of a low-level operation.
#[derive(Clone, PartialEq, Debug)]
pub enum LlConst {
    Void,
    Bool(bool),
    Signed(i64),
    Unsigned(u64),
    Float(FloatBits),
    Char(u8),
    UniChar(u32),
    /// The null pointer of a pointer type.
    Null(LlType),
    /// A prebuilt object (static data).
    Static(StaticRef),
    /// A function of the program (a function pointer).
    Func(FuncRef),
}

impl LlConst {
    pub fn lltype(&self, statics: &[crate::program::StaticObject], funcs: &[crate::program::LlFunction], types: &mut crate::types::Types) -> LlType {
        match self {
            LlConst::Void => LlType::Void,
            LlConst::Bool(_) => LlType::Bool,
            LlConst::Signed(_) => LlType::Signed,
            LlConst::Unsigned(_) => LlType::Unsigned,
            LlConst::Float(_) => LlType::Float,
            LlConst::Char(_) => LlType::Char,
            LlConst::UniChar(_) => LlType::UniChar,
            LlConst::Null(t) => *t,
            LlConst::Static(s) => LlType::Ptr(statics[s.0 as usize].ty),
            LlConst::Func(f) => {
                let func = &funcs[f.0 as usize];
                LlType::FuncPtr(types.sig(func.params.clone(), func.result))
            }
        }
    }
}

impl fmt::Display for LlConst {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LlConst::Void => write!(f, "void"),
            LlConst::Bool(b) => write!(f, "{b}"),
            LlConst::Signed(i) => write!(f, "{i}"),
            LlConst::Unsigned(u) => write!(f, "{u}u"),
            LlConst::Float(x) => write!(f, "{:?}", x.get()),
            LlConst::Char(c) => write!(f, "char({c})"),
            LlConst::UniChar(c) => write!(f, "unichar({c})"),
            LlConst::Null(_) => write!(f, "NULL"),
            LlConst::Static(s) => write!(f, "static{}", s.0),
            LlConst::Func(fr) => write!(f, "f{}", fr.0),
        }
    }
}
