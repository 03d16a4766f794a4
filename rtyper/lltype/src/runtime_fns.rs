//! The functions of the C runtime that low-level graphs call: one row each, with the C
//! symbol, the signature and whether it can raise or allocate. Values stored in containers
//! travel as 8-byte slots (`Unsigned`).

use crate::types::{LlType, Types};

const STR: LlType = LlType::Ptr(Types::STR);
const BYTES: LlType = LlType::Ptr(Types::BYTES);
const LIST: LlType = LlType::Ptr(Types::LIST);
const OBJ: LlType = LlType::Ptr(Types::OBJECT);
const SB: LlType = LlType::Ptr(Types::BUILDER);
const DICT: LlType = LlType::Ptr(Types::DICT);
const FILE: LlType = LlType::Ptr(Types::FILE);
const BA: LlType = LlType::Ptr(Types::BYTEARRAY);
const HASH: LlType = LlType::FuncPtr(Types::SIG_HASH);
const CMP: LlType = LlType::FuncPtr(Types::SIG_CMP);
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
    // The pending exception at a point reached only by raising.
    ExcFetchDeadEnd => "rpy_exc_fetch_dead_end", [], OBJ, raise=false, malloc=false;
    // Text.
    StrConcat => "rpy_str_concat", [STR, STR], STR, raise=false, malloc=true;
    StrEq => "rpy_str_eq", [STR, STR], B, raise=false, malloc=false;
    StrCmp => "rpy_str_cmp", [STR, STR], S, raise=false, malloc=false;
    StrHash => "rpy_str_hash", [STR], S, raise=false, malloc=false;
    StrFromChar => "rpy_str_from_char", [C], STR, raise=false, malloc=true;
    StrGetItem => "rpy_str_getitem", [STR, S], C, raise=true, malloc=true;
    StrDecodeAt => "rpy_str_decode_at", [STR, S], C, raise=false, malloc=false;
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
    CheckAttrSet => "rpy_check_attr_set", [OBJ, OBJ, STR], V, raise=true, malloc=true;
    // Exceptions and exit.
    MakeException => "rpy_make_exception", [S, STR], OBJ, raise=false, malloc=true;
    RaiseSimple => "rpy_raise_str", [S, STR], V, raise=true, malloc=true;
    SysExit => "rpy_sys_exit", [S], V, raise=true, malloc=true;
    // Math.
    MathCall1 => "rpy_math1", [S, F], F, raise=true, malloc=true;
    HashInt => "rpy_hash_int", [S], S, raise=false, malloc=false;
    HashFloat => "rpy_hash_float", [F], S, raise=false, malloc=false;
    IntFloatCmp => "rpy_int_float_cmp", [S, F], S, raise=false, malloc=false;
    MathCall2 => "rpy_math2", [S, F, F], F, raise=true, malloc=true;
    TimeNow => "rpy_time_now", [S], F, raise=false, malloc=false;
    RoundHalfEven => "rpy_round_to_int", [F], S, raise=true, malloc=true;
    RoundDigits => "rpy_round_digits", [F, S], F, raise=true, malloc=true;
    // os, files, more math.
    OsWrite => "rpy_os_write", [S, BYTES], S, raise=true, malloc=true;
    OsGetpid => "rpy_os_getpid", [], S, raise=false, malloc=false;
    OsOpen => "rpy_os_open", [STR, S, S], S, raise=true, malloc=true;
    OsRead => "rpy_os_read", [S, S], BYTES, raise=true, malloc=true;
    OsClose => "rpy_os_close", [S], V, raise=true, malloc=true;
    OsListdir => "rpy_os_listdir", [STR], LIST, raise=true, malloc=true;
    TimeSleep => "rpy_time_sleep", [F], V, raise=true, malloc=true;
    Input => "rpy_input", [STR], STR, raise=true, malloc=true;
    MathGcd => "rpy_math_gcd", [S, S], S, raise=false, malloc=false;
    MathFactorial => "rpy_math_factorial", [S], S, raise=true, malloc=true;
    MathIsclose => "rpy_math_isclose", [F, F, F, F], B, raise=true, malloc=true;
    OsPathExists => "rpy_os_path_exists", [STR], B, raise=false, malloc=false;
    OsPathJoin => "rpy_os_path_join", [STR, STR], STR, raise=false, malloc=true;
    OsEnvironGet => "rpy_os_environ_get", [STR, STR], STR, raise=false, malloc=true;
    FileOpen => "rpy_file_open", [STR, STR], FILE, raise=true, malloc=true;
    CodecErrorHandler => "rpy_codec_error_handler", [STR], S, raise=true, malloc=true;
    FileReadBytes => "rpy_file_read_bytes", [FILE, B], BYTES, raise=true, malloc=true;
    FileWrite => "rpy_file_write", [FILE, STR], S, raise=true, malloc=true;
    FileWriteBytes => "rpy_file_write_bytes", [FILE, BYTES], S, raise=true, malloc=true;
    FileClose => "rpy_file_close", [FILE], V, raise=false, malloc=false;
    FlushAll => "rpy_flush_all", [], V, raise=false, malloc=false;
    MathPred => "rpy_math_pred", [S, F], B, raise=false, malloc=false;
    MathModf => "rpy_math_modf", [F, S], F, raise=false, malloc=false;
    MathFrexpMantissa => "rpy_math_frexp_mantissa", [F], F, raise=false, malloc=false;
    MathFrexpExponent => "rpy_math_frexp_exponent", [F], S, raise=false, malloc=false;
    MathLdexp => "rpy_math_ldexp", [F, S], F, raise=true, malloc=true;
    RoundIntDigits => "rpy_round_int_digits", [S, S], S, raise=false, malloc=false;
    IntPowMod => "rpy_int_powmod", [S, S, S], S, raise=true, malloc=true;
    // Dicts and sets (sets have no values).
    DictInitStatic => "rpy_dict_init_static", [DICT, DICT], V, raise=false, malloc=false;
    DictNew => "rpy_dict_new", [S, B, B, B, HASH, CMP], DICT, raise=false, malloc=true;
    DictLookup => "rpy_dict_lookup", [DICT, U], S, raise=true, malloc=false;
    DictSetItem => "rpy_dict_setitem", [DICT, U, U], V, raise=true, malloc=true;
    DictDelItem => "rpy_dict_delitem", [DICT, U], B, raise=true, malloc=false;
    DictKeyAt => "rpy_dict_key_at", [DICT, S], U, raise=false, malloc=false;
    DictValueAt => "rpy_dict_value_at", [DICT, S], U, raise=false, malloc=false;
    DictSetValueAt => "rpy_dict_set_value_at", [DICT, S, U], V, raise=false, malloc=false;
    DictNext => "rpy_dict_next", [DICT, S], S, raise=false, malloc=false;
    DictPrev => "rpy_dict_prev", [DICT, S], S, raise=false, malloc=false;
    DictLast => "rpy_dict_last", [DICT], S, raise=false, malloc=false;
    DictClear => "rpy_dict_clear", [DICT], V, raise=false, malloc=true;
    DictCopy => "rpy_dict_copy", [DICT], DICT, raise=false, malloc=true;
    DictUpdate => "rpy_dict_update", [DICT, DICT], V, raise=true, malloc=true;
    DictEq => "rpy_dict_eq", [DICT, DICT, S, CMP], B, raise=true, malloc=false;
    SetUnion => "rpy_set_union", [DICT, DICT], DICT, raise=true, malloc=true;
    SetIntersection => "rpy_set_intersection", [DICT, DICT], DICT, raise=true, malloc=true;
    SetDifference => "rpy_set_difference", [DICT, DICT], DICT, raise=true, malloc=true;
    SetSymmetricDifference => "rpy_set_symmetric_difference", [DICT, DICT], DICT, raise=true, malloc=true;
    SetIsSubset => "rpy_set_issubset", [DICT, DICT], B, raise=true, malloc=false;
    SetIsDisjoint => "rpy_set_isdisjoint", [DICT, DICT], B, raise=true, malloc=false;
    SetUpdate => "rpy_set_update", [DICT, DICT], V, raise=true, malloc=true;
    SetIntersectionUpdate => "rpy_set_intersection_update", [DICT, DICT], V, raise=true, malloc=true;
    SetDifferenceUpdate => "rpy_set_difference_update", [DICT, DICT], V, raise=true, malloc=true;
    SetFromList => "rpy_set_from_list", [LIST, S, B, HASH, CMP], DICT, raise=true, malloc=true;
    DictKeysList => "rpy_dict_keys_list", [DICT], LIST, raise=false, malloc=true;
    DictValuesList => "rpy_dict_values_list", [DICT], LIST, raise=false, malloc=true;
    // List operations.
    ListSlice => "rpy_list_slice", [LIST, S, S, S, B, B], LIST, raise=true, malloc=true;
    ListSetSlice => "rpy_list_setslice", [LIST, S, S, B, B, LIST], V, raise=false, malloc=true;
    ListDelSlice => "rpy_list_delslice", [LIST, S, S, B, B], V, raise=false, malloc=true;
    SliceIndex => "rpy_slice_index", [S, S, S, S, B, B, S], S, raise=true, malloc=true;
    ListSetSliceStep => "rpy_list_setslice_step", [LIST, S, S, S, B, B, LIST], V, raise=true, malloc=true;
    ListDelSliceStep => "rpy_list_delslice_step", [LIST, S, S, S, B, B], V, raise=true, malloc=true;
    ListInsert => "rpy_list_insert", [LIST, S, U], V, raise=false, malloc=true;
    ListPop => "rpy_list_pop", [LIST, S], U, raise=true, malloc=true;
    ListDelItem => "rpy_list_delitem", [LIST, S], V, raise=true, malloc=true;
    ListExtend => "rpy_list_extend", [LIST, LIST], V, raise=false, malloc=true;
    ListReverse => "rpy_list_reverse", [LIST], V, raise=false, malloc=false;
    ListClear => "rpy_list_clear", [LIST], V, raise=false, malloc=true;
    ListCopy => "rpy_list_copy", [LIST], LIST, raise=false, malloc=true;
    ListConcat => "rpy_list_concat", [LIST, LIST], LIST, raise=false, malloc=true;
    ListRepeat => "rpy_list_repeat", [LIST, S], LIST, raise=true, malloc=true;
    ListFind => "rpy_list_find", [LIST, U, S, CMP, S, S], S, raise=true, malloc=false;
    ListCount => "rpy_list_count", [LIST, U, S, CMP], S, raise=true, malloc=false;
    ListEq => "rpy_list_eq", [LIST, LIST, S, CMP], B, raise=true, malloc=false;
    ListCmp => "rpy_list_cmp", [LIST, LIST, S, CMP, CMP], S, raise=true, malloc=false;
    ListSort => "rpy_list_sort", [LIST, LIST, S, CMP, B], V, raise=true, malloc=true;
    SlotEq => "rpy_slot_eq", [S, CMP, U, U], B, raise=true, malloc=false;
    SlotLt => "rpy_slot_lt", [S, CMP, U, U], B, raise=true, malloc=false;
    SlotHash => "rpy_slot_hash", [S, U], S, raise=false, malloc=false;
    // Text methods.
    StrJoin => "rpy_str_join", [STR, LIST], STR, raise=true, malloc=true;
    StrSplit => "rpy_str_split", [STR, STR, S], LIST, raise=true, malloc=true;
    StrRsplit => "rpy_str_rsplit", [STR, STR, S], LIST, raise=true, malloc=true;
    StrSplitlines => "rpy_str_splitlines", [STR, B], LIST, raise=false, malloc=true;
    StrStrip => "rpy_str_strip", [STR, STR, S], STR, raise=false, malloc=true;
    StrStartswith => "rpy_str_startswith", [STR, STR, S, S], B, raise=false, malloc=false;
    StrEndswith => "rpy_str_endswith", [STR, STR, S, S], B, raise=false, malloc=false;
    StrFind => "rpy_str_find", [STR, STR, S, S, B], S, raise=false, malloc=false;
    StrIndex => "rpy_str_index", [STR, STR, S, S, B], S, raise=true, malloc=true;
    StrCount => "rpy_str_count", [STR, STR, S, S], S, raise=false, malloc=false;
    StrReplace => "rpy_str_replace", [STR, STR, STR, S], STR, raise=false, malloc=true;
    StrUpper => "rpy_str_upper", [STR], STR, raise=false, malloc=true;
    StrLower => "rpy_str_lower", [STR], STR, raise=false, malloc=true;
    StrCasefold => "rpy_str_casefold", [STR], STR, raise=false, malloc=true;
    StrCapitalize => "rpy_str_capitalize", [STR], STR, raise=false, malloc=true;
    StrTitle => "rpy_str_title", [STR], STR, raise=false, malloc=true;
    StrSwapcase => "rpy_str_swapcase", [STR], STR, raise=false, malloc=true;
    StrIsdigit => "rpy_str_isdigit", [STR], B, raise=false, malloc=false;
    StrIsalpha => "rpy_str_isalpha", [STR], B, raise=false, malloc=false;
    StrIsalnum => "rpy_str_isalnum", [STR], B, raise=false, malloc=false;
    StrIsspace => "rpy_str_isspace", [STR], B, raise=false, malloc=false;
    StrIsupper => "rpy_str_isupper", [STR], B, raise=false, malloc=false;
    StrIslower => "rpy_str_islower", [STR], B, raise=false, malloc=false;
    StrIstitle => "rpy_str_istitle", [STR], B, raise=false, malloc=false;
    StrIsidentifier => "rpy_str_isidentifier", [STR], B, raise=false, malloc=false;
    StrIsdecimal => "rpy_str_isdecimal", [STR], B, raise=false, malloc=false;
    StrIsnumeric => "rpy_str_isnumeric", [STR], B, raise=false, malloc=false;
    StrIsprintable => "rpy_str_isprintable", [STR], B, raise=false, malloc=false;
    StrIsascii => "rpy_str_isascii", [STR], B, raise=false, malloc=false;
    StrPad => "rpy_str_pad", [STR, S, C, S], STR, raise=false, malloc=true;
    StrZfill => "rpy_str_zfill", [STR, S], STR, raise=false, malloc=true;
    StrPartition => "rpy_str_partition", [STR, STR, B], LIST, raise=true, malloc=true;
    StrExpandtabs => "rpy_str_expandtabs", [STR, S], STR, raise=false, malloc=true;
    StrRemoveprefix => "rpy_str_removeprefix", [STR, STR], STR, raise=false, malloc=true;
    StrRemovesuffix => "rpy_str_removesuffix", [STR, STR], STR, raise=false, malloc=true;
    StrMaketrans => "rpy_str_maketrans", [DICT, STR, STR], V, raise=true, malloc=true;
    StrMaketransKey => "rpy_str_maketrans_key", [STR], S, raise=true, malloc=false;
    StrTranslate => "rpy_str_translate", [STR, DICT, S], STR, raise=true, malloc=true;
    StrSliceStep => "rpy_str_slice_step", [STR, S, S, S, B, B], STR, raise=true, malloc=true;
    CharIsdigit => "rpy_unichar_isdigit", [C], B, raise=false, malloc=false;
    CharIsalpha => "rpy_unichar_isalpha", [C], B, raise=false, malloc=false;
    CharIsalnum => "rpy_unichar_isalnum", [C], B, raise=false, malloc=false;
    CharIsspace => "rpy_unichar_isspace", [C], B, raise=false, malloc=false;
    CharIsupper => "rpy_unichar_isupper", [C], B, raise=false, malloc=false;
    CharIslower => "rpy_unichar_islower", [C], B, raise=false, malloc=false;
    CharIstitle => "rpy_unichar_istitle", [C], B, raise=false, malloc=false;
    CharIsidentifier => "rpy_unichar_isidentifier", [C], B, raise=false, malloc=false;
    CharIsdecimal => "rpy_unichar_isdecimal", [C], B, raise=false, malloc=false;
    CharIsnumeric => "rpy_unichar_isnumeric", [C], B, raise=false, malloc=false;
    CharIsprintable => "rpy_unichar_isprintable", [C], B, raise=false, malloc=false;
    CharUpper => "rpy_unichar_upper", [C], STR, raise=false, malloc=true;
    CharLower => "rpy_unichar_lower", [C], STR, raise=false, malloc=true;
    StrEncode => "rpy_str_encode", [STR, S], BYTES, raise=true, malloc=true;
    BytesDecode => "rpy_bytes_decode", [BYTES, S], STR, raise=true, malloc=true;
    BytesConcat => "rpy_bytes_concat", [BYTES, BYTES], BYTES, raise=false, malloc=true;
    BytesEq => "rpy_bytes_eq", [BYTES, BYTES], B, raise=false, malloc=false;
    BytesCmp => "rpy_bytes_cmp", [BYTES, BYTES], S, raise=false, malloc=false;
    BytesSlice => "rpy_bytes_slice", [BYTES, S, S, S, B, B], BYTES, raise=true, malloc=true;
    BytesGetItem => "rpy_bytes_getitem", [BYTES, S], S, raise=true, malloc=true;
    BytesRepr => "rpy_bytes_repr", [BYTES], STR, raise=false, malloc=true;
    BytesFromList => "rpy_bytes_from_list", [LIST], BYTES, raise=true, malloc=true;
    BytesJoin => "rpy_bytes_join", [BYTES, LIST], BYTES, raise=true, malloc=true;
    BytesSplit => "rpy_bytes_split", [BYTES, BYTES, S], LIST, raise=true, malloc=true;
    BytesStrip => "rpy_bytes_strip", [BYTES, BYTES, S], BYTES, raise=false, malloc=true;
    BytesStartswith => "rpy_bytes_startswith", [BYTES, BYTES, S, S], B, raise=false, malloc=false;
    BytesEndswith => "rpy_bytes_endswith", [BYTES, BYTES, S, S], B, raise=false, malloc=false;
    BytesReplace => "rpy_bytes_replace", [BYTES, BYTES, BYTES, S], BYTES, raise=false, malloc=true;
    BytesFind => "rpy_bytes_find", [BYTES, BYTES, S, S, B], S, raise=false, malloc=false;
    BytesCount => "rpy_bytes_count", [BYTES, BYTES, S, S], S, raise=false, malloc=false;
    BytesUpper => "rpy_bytes_upper", [BYTES], BYTES, raise=false, malloc=true;
    BytesLower => "rpy_bytes_lower", [BYTES], BYTES, raise=false, malloc=true;
    BytesAlloc => "rpy_bytes_alloc", [S], BYTES, raise=false, malloc=true;
    BytesHash => "rpy_bytes_hash", [BYTES], S, raise=false, malloc=false;
    StrSliceSimple => "rpy_str_slice", [STR, S, S, B, B], STR, raise=false, malloc=true;
    // More bytes methods (text.c, bytearray.c).
    BytesRsplit => "rpy_bytes_rsplit", [BYTES, BYTES, S], LIST, raise=true, malloc=true;
    BytesIndex => "rpy_bytes_index", [BYTES, BYTES, S, S, B], S, raise=true, malloc=true;
    BytesIsdigit => "rpy_bytes_isdigit", [BYTES], B, raise=false, malloc=false;
    BytesIsalpha => "rpy_bytes_isalpha", [BYTES], B, raise=false, malloc=false;
    BytesIsalnum => "rpy_bytes_isalnum", [BYTES], B, raise=false, malloc=false;
    BytesIsspace => "rpy_bytes_isspace", [BYTES], B, raise=false, malloc=false;
    BytesIsupper => "rpy_bytes_isupper", [BYTES], B, raise=false, malloc=false;
    BytesIslower => "rpy_bytes_islower", [BYTES], B, raise=false, malloc=false;
    BytesIstitle => "rpy_bytes_istitle", [BYTES], B, raise=false, malloc=false;
    BytesIsascii => "rpy_bytes_isascii", [BYTES], B, raise=false, malloc=false;
    BytesTitle => "rpy_bytes_title", [BYTES], BYTES, raise=false, malloc=true;
    BytesCapitalize => "rpy_bytes_capitalize", [BYTES], BYTES, raise=false, malloc=true;
    BytesSwapcase => "rpy_bytes_swapcase", [BYTES], BYTES, raise=false, malloc=true;
    BytesZeros => "rpy_bytes_zeros", [S], BYTES, raise=true, malloc=true;
    BytesOfByte => "rpy_bytes_of_byte", [S], BYTES, raise=true, malloc=true;
    BytesContainsByte => "rpy_bytes_contains_byte", [BYTES, S], B, raise=true, malloc=true;
    BytesMul => "rpy_bytes_mul", [BYTES, S], BYTES, raise=true, malloc=true;
    BytesHex => "rpy_bytes_hex", [BYTES, BYTES, S], STR, raise=true, malloc=true;
    BytesFromhex => "rpy_bytes_fromhex", [STR], BYTES, raise=true, malloc=true;
    BytesPad => "rpy_bytes_pad", [BYTES, S, BYTES, S], BYTES, raise=true, malloc=true;
    BytesZfill => "rpy_bytes_zfill", [BYTES, S], BYTES, raise=true, malloc=true;
    BytesPartition => "rpy_bytes_partition", [BYTES, BYTES, B], LIST, raise=true, malloc=true;
    BytesSplitlines => "rpy_bytes_splitlines", [BYTES, B], LIST, raise=false, malloc=true;
    BytesExpandtabs => "rpy_bytes_expandtabs", [BYTES, S], BYTES, raise=true, malloc=true;
    BytesRemoveprefix => "rpy_bytes_removeprefix", [BYTES, BYTES], BYTES, raise=false, malloc=true;
    BytesRemovesuffix => "rpy_bytes_removesuffix", [BYTES, BYTES], BYTES, raise=false, malloc=true;
    BytesMaketrans => "rpy_bytes_maketrans", [BYTES, BYTES], BYTES, raise=true, malloc=true;
    BytesTranslate => "rpy_bytes_translate", [BYTES, BYTES, BYTES], BYTES, raise=true, malloc=true;
    BytesOrd => "rpy_bytes_ord", [BYTES], S, raise=true, malloc=true;
    BytesToInt => "rpy_bytes_to_int", [BYTES, S], S, raise=true, malloc=true;
    // bytearray (bytearray.c); the rtyper does its read-only methods on a bytes copy.
    BytearrayNew => "rpy_bytearray_new", [S], BA, raise=true, malloc=true;
    BytearrayFromBytes => "rpy_bytearray_from_bytes", [BYTES], BA, raise=false, malloc=true;
    BytearrayToBytes => "rpy_bytearray_to_bytes", [BA], BYTES, raise=false, malloc=true;
    BytearrayCopy => "rpy_bytearray_copy", [BA], BA, raise=false, malloc=true;
    BytearrayIntsToBytes => "rpy_bytearray_ints_to_bytes", [LIST], BYTES, raise=true, malloc=true;
    BytearrayListOf => "rpy_bytearray_list_of", [LIST], LIST, raise=false, malloc=true;
    BytearrayGetItem => "rpy_bytearray_getitem", [BA, S], S, raise=true, malloc=true;
    BytearraySetItem => "rpy_bytearray_setitem", [BA, S, S], V, raise=true, malloc=true;
    BytearrayDelItem => "rpy_bytearray_delitem", [BA, S], V, raise=true, malloc=true;
    BytearrayAppend => "rpy_bytearray_append", [BA, S], V, raise=true, malloc=true;
    BytearrayExtend => "rpy_bytearray_extend", [BA, BYTES], V, raise=true, malloc=true;
    BytearrayPop => "rpy_bytearray_pop", [BA, S], S, raise=true, malloc=true;
    BytearrayInsert => "rpy_bytearray_insert", [BA, S, S], V, raise=true, malloc=true;
    BytearrayRemove => "rpy_bytearray_remove", [BA, S], V, raise=true, malloc=true;
    BytearrayReverse => "rpy_bytearray_reverse", [BA], V, raise=false, malloc=false;
    BytearrayClear => "rpy_bytearray_clear", [BA], V, raise=false, malloc=false;
    BytearraySlice => "rpy_bytearray_slice", [BA, S, S, S, B, B], BA, raise=true, malloc=true;
    BytearraySetSlice => "rpy_bytearray_setslice", [BA, S, S, S, B, B, BYTES], V, raise=true, malloc=true;
    BytearrayRepr => "rpy_bytearray_repr", [BA], STR, raise=false, malloc=true;
}

impl RuntimeFn {
    /// Whether the C function can call back into generated code, which can collect: through
    /// the hash, equality and ordering functions it is given or a dict of custom keys holds.
    /// The runtime's C code itself never collects (see ARCHITECTURE.md, "Memory").
    pub fn calls_back(self) -> bool {
        use RuntimeFn as R;
        let params = self.params();
        let plain = matches!(
            self,
            R::DictNew
                | R::DictInitStatic
                | R::DictKeyAt
                | R::DictValueAt
                | R::DictSetValueAt
                | R::DictNext
                | R::DictLast
                | R::DictClear
                | R::DictCopy
                | R::DictKeysList
                | R::DictValuesList
                | R::StrMaketrans
                | R::StrTranslate
        );
        !plain && params.iter().any(|p| matches!(p, LlType::FuncPtr(_)) || *p == DICT)
    }
}
