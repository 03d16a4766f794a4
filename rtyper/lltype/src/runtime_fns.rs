//! The functions of the C runtime that low-level graphs call: one row each, with the C
//! symbol, the signature and whether it can raise or allocate. Values stored in containers
//! travel as 8-byte slots (`Unsigned`).

use crate::types::{LlType, Types};

const STR: LlType = LlType::Ptr(Types::STR);
const BYTES: LlType = LlType::Ptr(Types::BYTES);
const LIST: LlType = LlType::Ptr(Types::LIST);
const OBJ: LlType = LlType::Ptr(Types::OBJECT);
const SB: LlType = LlType::Ptr(Types::BUILDER);
const S: LlType = LlType::Signed;
const U: LlType = LlType::Unsigned;
const F: LlType = LlType::Float;
const B: LlType = LlType::Bool;
const C: LlType = LlType::UniChar;
const V: LlType = LlType::Void;

macro_rules! runtime_fns {
    ($($variant:ident => $c:literal, [$($param:expr),*], $result:expr, raise=$raises:expr, malloc=$mallocs:expr;)*) => {
        /// A function provided by the C runtime.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub enum RuntimeFn { $($variant,)* }

        impl RuntimeFn {
            pub fn c_name(self) -> &'static str {
                match self { $(RuntimeFn::$variant => $c,)* }
            }
            pub fn params(self) -> Vec<LlType> {
                match self { $(RuntimeFn::$variant => vec![$($param),*],)* }
            }
            pub fn result(self) -> LlType {
                match self { $(RuntimeFn::$variant => $result,)* }
            }
            pub fn can_raise(self) -> bool {
                match self { $(RuntimeFn::$variant => $raises,)* }
            }
            pub fn can_malloc(self) -> bool {
                match self { $(RuntimeFn::$variant => $mallocs,)* }
            }
            pub const ALL: &'static [RuntimeFn] = &[$(RuntimeFn::$variant,)*];
        }
    };
}

runtime_fns! {
    // Text.
    StrConcat => "rpy_str_concat", [STR, STR], STR, raise=false, malloc=true;
    StrEq => "rpy_str_eq", [STR, STR], B, raise=false, malloc=false;
    StrCmp => "rpy_str_cmp", [STR, STR], S, raise=false, malloc=false;
    StrHash => "rpy_str_hash", [STR], S, raise=false, malloc=false;
    StrFromChar => "rpy_str_from_char", [C], STR, raise=false, malloc=true;
    StrGetItem => "rpy_str_getitem", [STR, S], C, raise=true, malloc=true;
    StrCharAt => "rpy_str_char_at", [STR, S], C, raise=false, malloc=true;
    StrFromInt => "rpy_str_from_int", [S], STR, raise=false, malloc=true;
    StrFromUint => "rpy_str_from_uint", [U], STR, raise=false, malloc=true;
    StrFromBool => "rpy_str_from_bool", [B], STR, raise=false, malloc=false;
    DefaultRepr => "rpy_default_repr", [OBJ], STR, raise=false, malloc=true;
    SbNew => "rpy_sb_new", [], SB, raise=false, malloc=true;
    SbAppend => "rpy_sb_append", [SB, STR], V, raise=false, malloc=true;
    SbAppendChar => "rpy_sb_append_char", [SB, C], V, raise=false, malloc=true;
    SbBuild => "rpy_sb_build", [SB], STR, raise=false, malloc=true;
    FloatRepr => "rpy_float_repr", [F], STR, raise=false, malloc=true;
    StrToInt => "rpy_str_to_int", [STR, S], S, raise=true, malloc=true;
    StrToFloat => "rpy_str_to_float", [STR], F, raise=true, malloc=true;
    IntToBase => "rpy_int_to_base_str", [S, S, B], STR, raise=false, malloc=true;
    StrMul => "rpy_str_mul", [STR, S], STR, raise=true, malloc=true;
    StrSlice => "rpy_str_slice", [STR, S, S, B, B], STR, raise=false, malloc=true;
    StrContains => "rpy_str_contains", [STR, STR], B, raise=false, malloc=false;
    StrRepr => "rpy_str_repr", [STR], STR, raise=false, malloc=true;
    CharRepr => "rpy_char_repr", [C], STR, raise=false, malloc=true;
    Ord => "rpy_str_ord", [STR], S, raise=true, malloc=true;
    Chr => "rpy_chr", [S], C, raise=true, malloc=true;
    FormatInt => "rpy_str_format_int", [S, STR], STR, raise=true, malloc=true;
    FormatFloat => "rpy_str_format_float", [F, STR], STR, raise=true, malloc=true;
    FormatStr => "rpy_str_format_str", [STR, STR], STR, raise=true, malloc=true;
    // Output.
    PrintStr => "rpy_print_str", [STR, B], V, raise=false, malloc=false;
    PrintInt => "rpy_print_int", [S, B], V, raise=false, malloc=false;
    PrintChar => "rpy_print_char", [C, B], V, raise=false, malloc=false;
    PrintFloat => "rpy_print_float", [F, B], V, raise=false, malloc=false;
    PrintCstr => "rpy_print_bool", [B, B], V, raise=false, malloc=false;
    // Lists (items are 8-byte slots).
    ListNew => "rpy_list_new", [S, B], LIST, raise=false, malloc=true;
    ListGet => "rpy_list_get", [LIST, S], U, raise=true, malloc=true;
    ListSet => "rpy_list_set", [LIST, S, U], V, raise=true, malloc=true;
    ListAppend => "rpy_list_append", [LIST, U], V, raise=false, malloc=true;
    ListInitStatic => "rpy_list_init_static", [LIST, S, B], V, raise=false, malloc=true;
    CheckUnpack => "rpy_check_unpack", [S, S], V, raise=true, malloc=true;
    CheckNotNone => "rpy_check_not_none", [OBJ, STR], V, raise=true, malloc=true;
    // Exceptions and exit.
    MakeException => "rpy_make_exception", [S, STR], OBJ, raise=false, malloc=true;
    RaiseSimple => "rpy_raise_str", [S, STR], V, raise=true, malloc=true;
    SysExit => "rpy_sys_exit", [S], V, raise=true, malloc=true;
    // Math.
    MathCall1 => "rpy_math1", [S, F], F, raise=true, malloc=true;
    MathCall2 => "rpy_math2", [S, F, F], F, raise=true, malloc=true;
    TimeNow => "rpy_time_now", [S], F, raise=false, malloc=false;
    RoundHalfEven => "rpy_round_to_int", [F], S, raise=true, malloc=true;
    RoundDigits => "rpy_round_digits", [F, S], F, raise=true, malloc=true;
    Bytes => "rpy_unused_bytes", [BYTES], V, raise=false, malloc=false;
}
