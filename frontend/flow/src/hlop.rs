//! The high-level operation table: every operation a flow graph may contain, declared once.

use crate::graph::OpKind;
use crate::Constant;

macro_rules! hl_ops {
    ($($(#[$doc:meta])* $variant:ident => $text:literal, $arity:expr, $can_raise:expr;)*) => {
        /// A high-level (Python-level) operation.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub enum HlOp { $($(#[$doc])* $variant,)* }

        impl HlOp {
            /// The name in the text form.
            pub fn text(self) -> &'static str {
                match self { $(HlOp::$variant => $text,)* }
            }
            /// Number of arguments, or `None` when it varies.
            pub fn arity(self) -> Option<usize> {
                match self { $(HlOp::$variant => $arity,)* }
            }
            /// Whether the operation can raise for some argument types.
            pub fn may_raise(self) -> bool {
                match self { $(HlOp::$variant => $can_raise,)* }
            }
            pub fn from_text(text: &str) -> Option<HlOp> {
                match text { $($text => Some(HlOp::$variant),)* _ => None }
            }
            pub const ALL: &'static [HlOp] = &[$(HlOp::$variant,)*];
        }
    };
}

const V: Option<usize> = None;
const fn n(k: usize) -> Option<usize> {
    Some(k)
}

hl_ops! {
    // Arithmetic: ZeroDivisionError, OverflowError, or a raising special method.
    Add => "add", n(2), true;
    Sub => "sub", n(2), true;
    Mul => "mul", n(2), true;
    TrueDiv => "truediv", n(2), true;
    FloorDiv => "floordiv", n(2), true;
    Mod => "mod", n(2), true;
    Pow => "pow", n(2), true;
    LShift => "lshift", n(2), true;
    RShift => "rshift", n(2), true;
    BitAnd => "and_", n(2), true;
    BitOr => "or_", n(2), true;
    BitXor => "xor", n(2), true;
    /// `ovfcheck(x + y)` and friends: the word operation raising OverflowError instead of
    /// wrapping (`ovfcheck(-x)` is `sub_ovf(0, x)`).
    OvfAdd => "add_ovf", n(2), true;
    OvfSub => "sub_ovf", n(2), true;
    OvfMul => "mul_ovf", n(2), true;
    OvfLShift => "lshift_ovf", n(2), true;
    InplaceAdd => "inplace_add", n(2), true;
    InplaceSub => "inplace_sub", n(2), true;
    InplaceMul => "inplace_mul", n(2), true;
    InplaceTrueDiv => "inplace_truediv", n(2), true;
    InplaceFloorDiv => "inplace_floordiv", n(2), true;
    InplaceMod => "inplace_mod", n(2), true;
    InplacePow => "inplace_pow", n(2), true;
    InplaceLShift => "inplace_lshift", n(2), true;
    InplaceRShift => "inplace_rshift", n(2), true;
    InplaceAnd => "inplace_and", n(2), true;
    InplaceOr => "inplace_or", n(2), true;
    InplaceXor => "inplace_xor", n(2), true;
    Neg => "neg", n(1), true;
    Pos => "pos", n(1), false;
    Invert => "invert", n(1), false;
    // Truth value (`__bool__`/`__len__` may raise).
    Bool => "bool", n(1), true;
    Not => "not_", n(1), true;
    Lt => "lt", n(2), true;
    Le => "le", n(2), true;
    Eq => "eq", n(2), true;
    Ne => "ne", n(2), true;
    Gt => "gt", n(2), true;
    Ge => "ge", n(2), true;
    Is => "is_", n(2), false;
    /// `contains(container, item)`: `item in container`.
    Contains => "contains", n(2), true;
    /// `getattr(obj, "name")`, the name a constant string.
    GetAttr => "getattr", n(2), true;
    SetAttr => "setattr", n(3), true;
    GetItem => "getitem", n(2), true;
    SetItem => "setitem", n(3), true;
    DelItem => "delitem", n(2), true;
    /// `getslice(obj, start, stop, step)`, absent bounds as `None`.
    GetSlice => "getslice", n(4), true;
    SetSlice => "setslice", n(5), true;
    DelSlice => "delslice", n(4), true;
    NewTuple => "newtuple", V, false;
    NewList => "newlist", V, false;
    /// `newdict(k0, v0, k1, v1, ...)`.
    NewDict => "newdict", V, true;
    NewSet => "newset", V, true;
    Iter => "iter", n(1), true;
    /// Raises StopIteration at the end.
    Next => "next", n(1), true;
    /// `simple_call(f, args...)`.
    SimpleCall => "simple_call", V, true;
    /// `call_kw(f, ("kw1", ...), args...)`: the last `len(kwnames)` args are the keywords.
    CallKw => "call_kw", V, true;
    /// `call_star(f, (k, ("kw1", ...)), args...)`: positional argument `k` is a tuple whose
    /// items are passed in its place; the last `len(kwnames)` args are keywords.
    CallStar => "call_star", V, true;
    /// `format(value, spec)`: `format()` and f-string fields.
    Format => "format", n(2), true;
    /// Concatenates its string arguments (f-strings).
    BuildString => "build_string", V, false;
    /// `raise X`: the instance to raise, instantiating X if it is a class.
    ExcInstance => "exc_instance", n(1), true;
    /// `isinstance(exc, class)` for an `except` clause.
    ExcMatch => "exc_match", n(2), false;
    /// `assert` failure: builds the AssertionError instance from an optional message.
    AssertionError => "assertion_error", n(1), false;
    /// Unpacks a sequence of known length: `unpack(seq, n)` gives a tuple of n items.
    Unpack => "unpack", n(2), true;
    Yield => "yield_", n(1), false;
    /// `make_closure(function, env)`: a nested function bound to its defining call's
    /// environment.
    MakeClosure => "make_closure", n(2), false;
    SameAs => "same_as", n(1), false;
}

impl OpKind for HlOp {
    type Const = Constant;
    fn name(&self) -> String {
        self.text().to_string()
    }
    fn can_raise(&self) -> bool {
        self.may_raise()
    }
}
