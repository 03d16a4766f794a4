//! Methods of built-in types (`str`, `bytes`, `list`, `dict`, `set`, `StringBuilder`, the
//! standard streams): text methods map through one table onto runtime functions; container
//! methods are lowered case by case.

use crate::lower::{FnLowering, LlOperand};
use crate::ops::{runtime_exception_number, Hop};
use crate::RTyper;
use rpy_annotator::SomeValue;
use rpy_flow::Operand;
use rpy_lltype::{LlConst, LlOp, LlType, PrimOp, RuntimeFn, Types};
use rpy_source::Span;
use SomeValue as S;

/// Where an argument of a runtime text function comes from.
#[derive(Clone, Copy)]
enum A {
    /// The receiver.
    Recv,
    /// A text argument (of the receiver's type), by name.
    Text(&'static str),
    /// A text argument that may be absent (`None` or not given): NULL.
    TextOrNull(&'static str),
    /// A `str` argument, whatever the receiver.
    Str(&'static str),
    /// An int argument with a default.
    Int(&'static str, i64),
    /// A one-character argument with a default code point.
    Char(&'static str, u32),
    /// A bool argument with a default.
    Flag(&'static str, bool),
    /// A constant.
    Const(i64),
    ConstBool(bool),
}

/// One text method: its name, the runtime function, and where each argument comes from.
struct TextMethod {
    name: &'static str,
    func: RuntimeFn,
    args: &'static [A],
}

macro_rules! text_methods {
    ($($name:literal => $func:ident($($arg:expr),*);)*) => {
        &[$(TextMethod { name: $name, func: RuntimeFn::$func, args: &[$($arg),*] },)*]
    };
}

use A::*;

const STR_METHODS: &[TextMethod] = text_methods! {
    "split" => StrSplit(Recv, TextOrNull("sep"), Int("maxsplit", -1));
    "rsplit" => StrRsplit(Recv, TextOrNull("sep"), Int("maxsplit", -1));
    "splitlines" => StrSplitlines(Recv, Flag("keepends", false));
    "strip" => StrStrip(Recv, TextOrNull("chars"), Const(0));
    "lstrip" => StrStrip(Recv, TextOrNull("chars"), Const(1));
    "rstrip" => StrStrip(Recv, TextOrNull("chars"), Const(2));
    "startswith" => StrStartswith(Recv, Text("prefix"), Int("start", 0), Int("end", i64::MAX));
    "endswith" => StrEndswith(Recv, Text("suffix"), Int("start", 0), Int("end", i64::MAX));
    "find" => StrFind(Recv, Text("sub"), Int("start", 0), Int("end", i64::MAX), ConstBool(false));
    "rfind" => StrFind(Recv, Text("sub"), Int("start", 0), Int("end", i64::MAX), ConstBool(true));
    "index" => StrIndex(Recv, Text("sub"), Int("start", 0), Int("end", i64::MAX), ConstBool(false));
    "rindex" => StrIndex(Recv, Text("sub"), Int("start", 0), Int("end", i64::MAX), ConstBool(true));
    "count" => StrCount(Recv, Text("sub"), Int("start", 0), Int("end", i64::MAX));
    "replace" => StrReplace(Recv, Text("old"), Text("new"), Int("count", -1));
    "upper" => StrUpper(Recv);
    "lower" => StrLower(Recv);
    "casefold" => StrCasefold(Recv);
    "capitalize" => StrCapitalize(Recv);
    "title" => StrTitle(Recv);
    "swapcase" => StrSwapcase(Recv);
    "isdigit" => StrIsdigit(Recv);
    "isalpha" => StrIsalpha(Recv);
    "isalnum" => StrIsalnum(Recv);
    "isspace" => StrIsspace(Recv);
    "isupper" => StrIsupper(Recv);
    "islower" => StrIslower(Recv);
    "istitle" => StrIstitle(Recv);
    "isidentifier" => StrIsidentifier(Recv);
    "isdecimal" => StrIsdecimal(Recv);
    "isnumeric" => StrIsnumeric(Recv);
    "isprintable" => StrIsprintable(Recv);
    "isascii" => StrIsascii(Recv);
    "center" => StrPad(Recv, Int("width", 0), Char("fillchar", 32), Const(0));
    "ljust" => StrPad(Recv, Int("width", 0), Char("fillchar", 32), Const(1));
    "rjust" => StrPad(Recv, Int("width", 0), Char("fillchar", 32), Const(2));
    "zfill" => StrZfill(Recv, Int("width", 0));
    "expandtabs" => StrExpandtabs(Recv, Int("tabsize", 8));
    "removeprefix" => StrRemoveprefix(Recv, Text("prefix"));
    "removesuffix" => StrRemovesuffix(Recv, Text("suffix"));
};

/// Predicates with a fast version for one-character strings.
const CHAR_METHODS: &[(&str, RuntimeFn)] = &[
    ("isdigit", RuntimeFn::CharIsdigit),
    ("isalpha", RuntimeFn::CharIsalpha),
    ("isalnum", RuntimeFn::CharIsalnum),
    ("isspace", RuntimeFn::CharIsspace),
    ("isupper", RuntimeFn::CharIsupper),
    ("islower", RuntimeFn::CharIslower),
    ("istitle", RuntimeFn::CharIstitle),
    ("isidentifier", RuntimeFn::CharIsidentifier),
    ("isdecimal", RuntimeFn::CharIsdecimal),
    ("isnumeric", RuntimeFn::CharIsnumeric),
    ("isprintable", RuntimeFn::CharIsprintable),
    ("upper", RuntimeFn::CharUpper),
    ("lower", RuntimeFn::CharLower),
];

/// The methods of bytes, and the read-only ones of bytearray (on a bytes copy). A text argument
/// may also be a bytearray, an int where CPython takes one (`find(98)`), or a str for `hex`'s
/// separator.
const BYTES_METHODS: &[TextMethod] = text_methods! {
    "split" => BytesSplit(Recv, TextOrNull("sep"), Int("maxsplit", -1));
    "rsplit" => BytesRsplit(Recv, TextOrNull("sep"), Int("maxsplit", -1));
    "splitlines" => BytesSplitlines(Recv, Flag("keepends", false));
    "strip" => BytesStrip(Recv, TextOrNull("chars"), Const(0));
    "lstrip" => BytesStrip(Recv, TextOrNull("chars"), Const(1));
    "rstrip" => BytesStrip(Recv, TextOrNull("chars"), Const(2));
    "startswith" => BytesStartswith(Recv, Text("prefix"), Int("start", 0), Int("end", i64::MAX));
    "endswith" => BytesEndswith(Recv, Text("suffix"), Int("start", 0), Int("end", i64::MAX));
    "find" => BytesFind(Recv, Text("sub"), Int("start", 0), Int("end", i64::MAX), ConstBool(false));
    "rfind" => BytesFind(Recv, Text("sub"), Int("start", 0), Int("end", i64::MAX), ConstBool(true));
    "index" => BytesIndex(Recv, Text("sub"), Int("start", 0), Int("end", i64::MAX), ConstBool(false));
    "rindex" => BytesIndex(Recv, Text("sub"), Int("start", 0), Int("end", i64::MAX), ConstBool(true));
    "count" => BytesCount(Recv, Text("sub"), Int("start", 0), Int("end", i64::MAX));
    "replace" => BytesReplace(Recv, Text("old"), Text("new"), Int("count", -1));
    "upper" => BytesUpper(Recv);
    "lower" => BytesLower(Recv);
    "capitalize" => BytesCapitalize(Recv);
    "title" => BytesTitle(Recv);
    "swapcase" => BytesSwapcase(Recv);
    "isdigit" => BytesIsdigit(Recv);
    "isalpha" => BytesIsalpha(Recv);
    "isalnum" => BytesIsalnum(Recv);
    "isspace" => BytesIsspace(Recv);
    "isupper" => BytesIsupper(Recv);
    "islower" => BytesIslower(Recv);
    "istitle" => BytesIstitle(Recv);
    "isascii" => BytesIsascii(Recv);
    "center" => BytesPad(Recv, Int("width", 0), TextOrNull("fillchar"), Const(0));
    "ljust" => BytesPad(Recv, Int("width", 0), TextOrNull("fillchar"), Const(1));
    "rjust" => BytesPad(Recv, Int("width", 0), TextOrNull("fillchar"), Const(2));
    "zfill" => BytesZfill(Recv, Int("width", 0));
    "expandtabs" => BytesExpandtabs(Recv, Int("tabsize", 8));
    "removeprefix" => BytesRemoveprefix(Recv, Text("prefix"));
    "removesuffix" => BytesRemovesuffix(Recv, Text("suffix"));
    "partition" => BytesPartition(Recv, Text("sep"), ConstBool(false));
    "rpartition" => BytesPartition(Recv, Text("sep"), ConstBool(true));
    "hex" => BytesHex(Recv, TextOrNull("sep"), Int("bytes_per_sep", 1));
    "translate" => BytesTranslate(Recv, TextOrNull("table"), TextOrNull("delete"));
    "fromhex" => BytesFromhex(Str("string"));
    "maketrans" => BytesMaketrans(Text("frm"), Text("to"));
};

fn c_int(i: i64) -> LlOperand {
    Operand::Const(LlConst::Signed(i))
}

/// Codec numbers of the runtime's encode/decode.
fn codec_number(name: &str) -> Option<i64> {
    match name.to_ascii_lowercase().replace('_', "-").as_str() {
        "utf-8" | "utf8" => Some(0),
        "ascii" | "us-ascii" => Some(1),
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" => Some(2),
        _ => None,
    }
}

impl<'a> RTyper<'a> {
    /// Arguments by position or keyword name.
    pub(crate) fn method_arg(args: &[(LlOperand, SomeValue)], kwnames: &[String], pos: usize, name: &str) -> Option<(LlOperand, SomeValue)> {
        let n_pos = args.len() - kwnames.len();
        if pos < n_pos {
            return Some(args[pos].clone());
        }
        kwnames.iter().position(|k| k == name).map(|i| args[n_pos + i].clone())
    }

    fn text_method(&mut self, fl: &mut FnLowering, row: &TextMethod, recv: LlOperand, text: &SomeValue, args: &[(LlOperand, SomeValue)], kwnames: &[String], span: Span) -> LlOperand {
        let mut values = vec![];
        let mut pos = 0;
        for a in row.args {
            let v = match *a {
                Recv => recv.clone(),
                Text(name) | TextOrNull(name) => match Self::method_arg(args, kwnames, pos, name) {
                    Some((_, S::None)) | None => Operand::Const(LlConst::Null(self.lltype(text))),
                    Some((v, s)) if matches!(text, S::Bytes { .. }) && s.is_str() => {
                        // `hex(sep)`: latin-1 keeps a non-ASCII separator one byte, which the
                        // runtime rejects as CPython does.
                        let v = self.convert(fl, v, &s, &S::str(), span);
                        fl.call_rt(RuntimeFn::StrEncode, vec![v, c_int(2)], span)
                    }
                    Some((v, s)) if matches!(text, S::Bytes { .. }) => self.as_bytes(fl, v, &s, span),
                    Some((v, s)) => self.convert(fl, v, &s, text, span),
                },
                Str(name) => match Self::method_arg(args, kwnames, pos, name) {
                    Some((v, s)) => self.convert(fl, v, &s, &S::str(), span),
                    None => self.str_const(""),
                },
                Int(name, d) => match Self::method_arg(args, kwnames, pos, name) {
                    // Only slice-like bounds take None for "absent" (CPython: TypeError else).
                    Some((_, S::None)) if matches!(name, "start" | "end") => c_int(d),
                    None => c_int(d),
                    Some((v, s)) => self.convert(fl, v, &s, &S::int(), span),
                },
                Char(name, d) => match Self::method_arg(args, kwnames, pos, name) {
                    None => Operand::Const(LlConst::UniChar(d)),
                    Some((v, s)) => match self.lltype(&s) {
                        LlType::UniChar => v,
                        _ => {
                            let st = self.convert(fl, v, &s, &S::str(), span);
                            let code = fl.call_rt(RuntimeFn::Ord, vec![st], span);
                            fl.prim(PrimOp::CastIntToUniChar, vec![code], span)
                        }
                    },
                },
                Flag(name, d) => match Self::method_arg(args, kwnames, pos, name) {
                    None => Operand::Const(LlConst::Bool(d)),
                    Some((v, s)) => self.truth(fl, v, &s, span),
                },
                Const(k) => c_int(k),
                ConstBool(b) => Operand::Const(LlConst::Bool(b)),
            };
            if !matches!(a, Recv | Const(_) | ConstBool(_)) {
                pos += 1;
            }
            values.push(v);
        }
        fl.call_rt(row.func, values, span)
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn lower_method(&mut self, fl: &mut FnLowering, hop: &Hop, receiver: &SomeValue, recv: LlOperand, name: &str, args: &[(LlOperand, SomeValue)], kwnames: &[String]) -> Option<LlOperand> {
        let span = hop.span;
        let result = hop.result.clone();
        let arg = |i: usize| args.get(i).cloned();
        Some(match (receiver, name) {
            // ------------------------------------------------------------ str
            (S::Str { .. }, _) if self.lltype(receiver) == LlType::UniChar && CHAR_METHODS.iter().any(|(n, _)| *n == name) => {
                let f = CHAR_METHODS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)?;
                let r = fl.call_rt(f, vec![recv], span);
                let rt = f.result();
                let from = if rt == LlType::Bool { S::bool() } else { S::str() };
                self.convert(fl, r, &from, &result, span)
            }
            (S::Str { .. }, "join") => {
                let s = self.convert(fl, recv, receiver, &S::str(), span);
                let (v, a) = arg(0)?;
                let l = self.materialize_texts(fl, v, &a, span);
                fl.call_rt(RuntimeFn::StrJoin, vec![s, l], span)
            }
            (S::Str { .. }, "partition" | "rpartition") => {
                let s = self.convert(fl, recv, receiver, &S::str(), span);
                let (v, a) = arg(0)?;
                let sep = self.convert(fl, v, &a, &S::str(), span);
                let l = fl.call_rt(RuntimeFn::StrPartition, vec![s, sep, Operand::Const(LlConst::Bool(name == "rpartition"))], span);
                self.list_to_tuple(fl, l, &S::str(), &result, span)
            }
            (S::Str { .. } | S::Bytes { .. } | S::ByteArray { .. }, "startswith" | "endswith") if matches!(args.first(), Some((_, S::Tuple(_)))) => {
                let (text, table) = if receiver.is_str() { (S::str(), STR_METHODS) } else { (S::bytes(), BYTES_METHODS) };
                let s = self.convert(fl, recv, receiver, &text, span);
                let (tv, ta) = args[0].clone();
                let S::Tuple(items) = &ta else { return None };
                let LlType::Ptr(tt) = self.lltype(&ta) else { return None };
                let row = table.iter().find(|r| r.name == name)?;
                let mut acc = Operand::Const(LlConst::Bool(false));
                for (k, it) in items.iter().enumerate() {
                    let it_t = self.lltype(it);
                    let x = fl.emit(LlOp::GetField(tt, k as u32), vec![tv.clone()], it_t, span);
                    let mut a2 = args.to_vec();
                    a2[0] = (x, it.clone());
                    let r = self.text_method(fl, row, s.clone(), &text, &a2, kwnames, span);
                    acc = fl.prim(PrimOp::BoolOr, vec![acc, r], span);
                }
                acc
            }
            (S::Str { .. }, "encode") => {
                let s = self.convert(fl, recv, receiver, &S::str(), span);
                let codec = self.codec_arg(fl, args, kwnames, 0, span)?;
                fl.call_rt(RuntimeFn::StrEncode, vec![s, codec], span)
            }
            (S::Str { .. }, "format") => return self.lower_str_format(fl, hop, receiver, args, kwnames),
            (S::Builtin(rpy_stdlib::Builtin::Str) | S::Str { .. }, "maketrans") => return self.lower_maketrans(fl, args, &result, span),
            (S::Str { .. }, "translate") => {
                let s = self.convert(fl, recv, receiver, &S::str(), span);
                let (t, ta) = arg(0)?;
                // How the runtime reads the values (RPY_TRANSLATE_*): code points, strings or None.
                let mode = match self.dict_types(&ta).1 {
                    S::None => 2,
                    v if self.lltype(&v) == LlType::Ptr(Types::STR) => 1,
                    _ => 0,
                };
                fl.call_rt(RuntimeFn::StrTranslate, vec![s, t, c_int(mode)], span)
            }
            (S::Str { .. }, _) => {
                let row = STR_METHODS.iter().find(|r| r.name == name)?;
                let s = self.convert(fl, recv, receiver, &S::str(), span);
                let r = self.text_method(fl, row, s, &S::str(), args, kwnames, span);
                let from = match row.func.result() {
                    LlType::Bool => S::bool(),
                    LlType::Signed => S::int(),
                    _ => result.clone(),
                };
                self.convert(fl, r, &from, &result, span)
            }
            (S::Builtin(rpy_stdlib::Builtin::Dict), "fromkeys") => {
                let (keys, ka) = arg(0)?;
                let value = arg(1).unwrap_or((Operand::Const(LlConst::Void), S::None));
                let d = self.new_dict(fl, &result, span);
                let (key, value_ann) = self.dict_types(&result);
                let (it, it_ann, item) = self.iterator_for(fl, keys, &ka, span)?;
                self.for_each(fl, it, &it_ann, &item, span, |this, fl, k| {
                    let ks = this.to_slot(fl, k, &item, &key, span);
                    let vs = this.to_slot(fl, value.0.clone(), &value.1, &value_ann, span);
                    fl.call_rt(RuntimeFn::DictSetItem, vec![d.clone(), ks, vs], span);
                });
                d
            }
            // ------------------------------------------------------------ bytes, bytearray
            (S::ByteArray { .. }, "append" | "extend" | "pop" | "insert" | "remove" | "reverse" | "clear" | "copy") => {
                return self.lower_bytearray_method(fl, recv, name, args, &result, span);
            }
            (S::Bytes { .. } | S::ByteArray { .. } | S::Builtin(rpy_stdlib::Builtin::Bytes | rpy_stdlib::Builtin::Bytearray), _) => {
                // `bytes.fromhex(...)` and `bytes.maketrans(...)` have no receiver.
                let b = if matches!(receiver, S::Bytes { .. } | S::ByteArray { .. }) { self.convert(fl, recv, receiver, &S::bytes(), span) } else { Operand::Const(LlConst::Void) };
                let (r, rt) = match name {
                    "decode" => {
                        let codec = self.codec_arg(fl, args, kwnames, 0, span)?;
                        (fl.call_rt(RuntimeFn::BytesDecode, vec![b, codec], span), LlType::Ptr(Types::STR))
                    }
                    "join" => {
                        let (v, a) = arg(0)?;
                        let l = self.materialize_bytes(fl, v, &a, span);
                        (fl.call_rt(RuntimeFn::BytesJoin, vec![b, l], span), LlType::Ptr(Types::BYTES))
                    }
                    _ => {
                        let row = BYTES_METHODS.iter().find(|r| r.name == name)?;
                        (self.text_method(fl, row, b, &S::bytes(), args, kwnames, span), row.func.result())
                    }
                };
                self.bytes_method_result(fl, r, rt, &result, span)
            }
            // ------------------------------------------------------------ list
            (S::List { def, .. }, _) => {
                let item = self.ann.list_item(*def).value.clone();
                let ops = self.slot_ops(&item);
                match name {
                    "append" => {
                        let (v, a) = arg(0)?;
                        let slot = self.to_slot(fl, v, &a, &item, span);
                        fl.call_rt(RuntimeFn::ListAppend, vec![recv, slot], span);
                        Operand::Const(LlConst::Void)
                    }
                    "extend" => {
                        let (v, a) = arg(0)?;
                        let l = self.materialize_as(fl, v, &a, &item, span);
                        fl.call_rt(RuntimeFn::ListExtend, vec![recv, l], span);
                        Operand::Const(LlConst::Void)
                    }
                    "insert" => {
                        let (i, ai) = arg(0)?;
                        let (v, a) = arg(1)?;
                        let i = self.convert(fl, i, &ai, &S::int(), span);
                        let slot = self.to_slot(fl, v, &a, &item, span);
                        fl.call_rt(RuntimeFn::ListInsert, vec![recv, i, slot], span);
                        Operand::Const(LlConst::Void)
                    }
                    "pop" => {
                        let i = match arg(0) {
                            Some((v, a)) => self.convert(fl, v, &a, &S::int(), span),
                            None => c_int(-1),
                        };
                        let slot = fl.call_rt(RuntimeFn::ListPop, vec![recv, i], span);
                        self.from_slot(fl, slot, &item, &result, span)
                    }
                    "remove" | "index" | "count" => {
                        let (v, a) = arg(0)?;
                        let slot = self.to_slot(fl, v.clone(), &a, &item, span);
                        if name == "count" {
                            return Some(fl.call_rt(RuntimeFn::ListCount, vec![recv, slot, c_int(ops.kind), ops.eq], span));
                        }
                        // index(x, start, end): the runtime clamps the bounds as list.index does.
                        let mut bound = |k: usize, default: i64| match arg(k) {
                            Some((b, ba)) if name == "index" => self.convert(fl, b, &ba, &S::int(), span),
                            _ => c_int(default),
                        };
                        let (start, end) = (bound(1, 0), bound(2, i64::MAX));
                        let i = fl.call_rt(RuntimeFn::ListFind, vec![recv.clone(), slot, c_int(ops.kind), ops.eq, start, end], span);
                        let found = fl.prim(PrimOp::IntGe, vec![i.clone(), c_int(0)], span);
                        let rt = if name == "index" { LlType::Signed } else { LlType::Void };
                        let (vv, aa) = (v, a);
                        self.if_else(
                            fl,
                            found,
                            rt,
                            |_, fl| {
                                if name == "remove" {
                                    fl.call_rt(RuntimeFn::ListDelItem, vec![recv.clone(), i.clone()], span);
                                    Operand::Const(LlConst::Void)
                                } else {
                                    i.clone()
                                }
                            },
                            |this, fl| {
                                let msg = if name == "remove" {
                                    this.str_const("list.remove(x): x not in list")
                                } else {
                                    let r = this.to_repr(fl, vv, &aa, span);
                                    let tail = this.str_const(" is not in list");
                                    fl.call_rt(RuntimeFn::StrConcat, vec![r, tail], span)
                                };
                                let k = runtime_exception_number("ValueError");
                                fl.call_rt(RuntimeFn::RaiseSimple, vec![c_int(k), msg], span);
                                crate::helpers::zero_operand(rt)
                            },
                        )
                    }
                    "reverse" => {
                        fl.call_rt(RuntimeFn::ListReverse, vec![recv], span);
                        Operand::Const(LlConst::Void)
                    }
                    "clear" => {
                        fl.call_rt(RuntimeFn::ListClear, vec![recv], span);
                        Operand::Const(LlConst::Void)
                    }
                    "copy" => fl.call_rt(RuntimeFn::ListCopy, vec![recv], span),
                    "sort" => {
                        let key = Self::method_arg(args, kwnames, usize::MAX, "key");
                        let reverse = Self::method_arg(args, kwnames, usize::MAX, "reverse");
                        self.sort_list(fl, recv, &item, key, reverse, span);
                        Operand::Const(LlConst::Void)
                    }
                    _ => return None,
                }
            }
            // ------------------------------------------------------------ tuple
            (S::Tuple(items), "count" | "index") => {
                let item = crate::repr::tuple_item_ann(items);
                let l = self.materialize(fl, recv, receiver, span);
                let (v, a) = arg(0)?;
                let slot = self.to_slot(fl, v, &a, &item, span);
                let ops = self.slot_ops(&item);
                if name == "count" {
                    return Some(fl.call_rt(RuntimeFn::ListCount, vec![l, slot, c_int(ops.kind), ops.eq], span));
                }
                let i = fl.call_rt(RuntimeFn::ListFind, vec![l, slot, c_int(ops.kind), ops.eq, c_int(0), c_int(i64::MAX)], span);
                let missing = fl.prim(PrimOp::IntLt, vec![i.clone(), c_int(0)], span);
                self.raise_if(fl, missing, "ValueError", "tuple.index(x): x not in tuple", span);
                i
            }
            // ------------------------------------------------------------ dict
            (S::Dict { .. }, _) => {
                let (key, value) = self.dict_types(receiver);
                match name {
                    "get" | "pop" | "setdefault" => {
                        let (k, ka) = arg(0)?;
                        let kslot = self.to_slot(fl, k.clone(), &ka, &key, span);
                        let idx = fl.call_rt(RuntimeFn::DictLookup, vec![recv.clone(), kslot.clone()], span);
                        let found = fl.prim(PrimOp::IntGe, vec![idx.clone(), c_int(0)], span);
                        let rt = self.lltype(&result);
                        let default = arg(1);
                        let (recv2, kslot2, idx2) = (recv.clone(), kslot.clone(), idx.clone());
                        let (value2, result2, key2) = (value.clone(), result.clone(), key.clone());
                        self.if_else(
                            fl,
                            found,
                            rt,
                            move |this, fl| {
                                let slot = fl.call_rt(RuntimeFn::DictValueAt, vec![recv2.clone(), idx2], span);
                                let v = this.from_slot(fl, slot, &value2, &result2, span);
                                if name == "pop" {
                                    fl.call_rt(RuntimeFn::DictDelItem, vec![recv2, kslot2], span);
                                }
                                v
                            },
                            move |this, fl| match (name, default) {
                                ("setdefault", d) => {
                                    let (dv, da) = d.unwrap_or((Operand::Const(LlConst::Void), S::None));
                                    let slot = this.to_slot(fl, dv.clone(), &da, &value, span);
                                    fl.call_rt(RuntimeFn::DictSetItem, vec![recv, kslot, slot], span);
                                    this.convert(fl, dv, &da, &result, span)
                                }
                                (_, Some((dv, da))) => this.convert(fl, dv, &da, &result, span),
                                ("get", None) => Operand::Const(LlConst::Null(rt)),
                                _ => {
                                    this.raise_key_error(fl, kslot, &key2);
                                    crate::helpers::zero_operand(rt)
                                }
                            },
                        )
                    }
                    "keys" | "values" | "items" => {
                        let S::Iterator { kind, of } = &result else { return None };
                        let it_t = self.iterator_type(kind, of);
                        let it = fl.emit(LlOp::Malloc(it_t), vec![], LlType::Ptr(it_t), span);
                        self.init_dict_iter(fl, it_t, it.clone(), recv, span);
                        it
                    }
                    "update" => {
                        let (v, va) = arg(0)?;
                        if matches!(va, S::Dict { .. }) {
                            fl.call_rt(RuntimeFn::DictUpdate, vec![recv, v], span);
                            return Some(Operand::Const(LlConst::Void));
                        }
                        // (key, value) pairs from any iterable.
                        self.dict_add_pairs(fl, recv, receiver, v, &va, span);
                        Operand::Const(LlConst::Void)
                    }
                    "clear" => {
                        fl.call_rt(RuntimeFn::DictClear, vec![recv], span);
                        Operand::Const(LlConst::Void)
                    }
                    "copy" => fl.call_rt(RuntimeFn::DictCopy, vec![recv], span),
                    "popitem" => {
                        let e = fl.call_rt(RuntimeFn::DictLast, vec![recv.clone()], span);
                        let some = fl.prim(PrimOp::IntGe, vec![e.clone(), c_int(0)], span);
                        let rt = self.lltype(&result);
                        let (k2, v2, res2) = (key.clone(), value.clone(), result.clone());
                        self.if_else(
                            fl,
                            some,
                            rt,
                            move |this, fl| {
                                let ks = fl.call_rt(RuntimeFn::DictKeyAt, vec![recv.clone(), e.clone()], span);
                                let vs = fl.call_rt(RuntimeFn::DictValueAt, vec![recv.clone(), e], span);
                                fl.call_rt(RuntimeFn::DictDelItem, vec![recv, ks.clone()], span);
                                let S::Tuple(parts) = &res2 else { return crate::helpers::zero_operand(rt) };
                                let k = this.from_slot(fl, ks, &k2, &parts[0], span);
                                let v = this.from_slot(fl, vs, &v2, &parts[1], span);
                                let LlType::Ptr(tt) = rt else { return crate::helpers::zero_operand(rt) };
                                let tup = fl.emit(LlOp::Malloc(tt), vec![], rt, span);
                                fl.emit(LlOp::SetField(tt, 0), vec![tup.clone(), k], LlType::Void, span);
                                fl.emit(LlOp::SetField(tt, 1), vec![tup.clone(), v], LlType::Void, span);
                                tup
                            },
                            move |this, fl| {
                                let msg = this.str_const("'popitem(): dictionary is empty'");
                                fl.call_rt(RuntimeFn::RaiseSimple, vec![c_int(runtime_exception_number("KeyError")), msg], span);
                                crate::helpers::zero_operand(rt)
                            },
                        )
                    }
                    _ => return None,
                }
            }
            // ------------------------------------------------------------ set
            (S::Set { .. }, _) => {
                let (key, _) = self.dict_types(receiver);
                let zero = Operand::Const(LlConst::Unsigned(0));
                match name {
                    "add" => {
                        let (v, a) = arg(0)?;
                        let k = self.to_slot(fl, v, &a, &key, span);
                        fl.call_rt(RuntimeFn::DictSetItem, vec![recv, k, zero], span);
                        Operand::Const(LlConst::Void)
                    }
                    "remove" | "discard" => {
                        let (v, a) = arg(0)?;
                        let k = self.to_slot(fl, v, &a, &key, span);
                        let ok = fl.call_rt(RuntimeFn::DictDelItem, vec![recv, k.clone()], span);
                        if name == "discard" {
                            return Some(Operand::Const(LlConst::Void));
                        }
                        self.if_else(fl, ok, LlType::Void, |_, _| Operand::Const(LlConst::Void), |this, fl| {
                            this.raise_key_error(fl, k, &key);
                            Operand::Const(LlConst::Void)
                        })
                    }
                    "pop" => {
                        let e = fl.call_rt(RuntimeFn::DictLast, vec![recv.clone()], span);
                        let some = fl.prim(PrimOp::IntGe, vec![e.clone(), c_int(0)], span);
                        let rt = self.lltype(&result);
                        let (key2, res2) = (key.clone(), result.clone());
                        self.if_else(
                            fl,
                            some,
                            rt,
                            move |this, fl| {
                                let ks = fl.call_rt(RuntimeFn::DictKeyAt, vec![recv.clone(), e], span);
                                fl.call_rt(RuntimeFn::DictDelItem, vec![recv, ks.clone()], span);
                                this.from_slot(fl, ks, &key2, &res2, span)
                            },
                            move |this, fl| {
                                let msg = this.str_const("'pop from an empty set'");
                                fl.call_rt(RuntimeFn::RaiseSimple, vec![c_int(runtime_exception_number("KeyError")), msg], span);
                                crate::helpers::zero_operand(rt)
                            },
                        )
                    }
                    "clear" => {
                        fl.call_rt(RuntimeFn::DictClear, vec![recv], span);
                        Operand::Const(LlConst::Void)
                    }
                    "copy" => fl.call_rt(RuntimeFn::DictCopy, vec![recv], span),
                    "symmetric_difference_update" => {
                        // In place: the difference, then the set refilled with it.
                        let (v, a) = arg(0)?;
                        let other = if matches!(a, S::Set { .. }) { v } else { self.set_from(fl, v, &a, &key, span) };
                        let d = fl.call_rt(RuntimeFn::SetSymmetricDifference, vec![recv.clone(), other], span);
                        fl.call_rt(RuntimeFn::DictClear, vec![recv.clone()], span);
                        fl.call_rt(RuntimeFn::SetUpdate, vec![recv, d], span);
                        Operand::Const(LlConst::Void)
                    }
                    "union" | "intersection" | "difference" | "symmetric_difference" | "update" | "intersection_update" | "difference_update" | "issubset" | "issuperset" | "isdisjoint" => {
                        let mut acc = recv;
                        for (v, a) in args.iter().cloned() {
                            let other = match &a {
                                S::Set { .. } => v,
                                _ => self.set_from(fl, v, &a, &key, span),
                            };
                            let (f, swap) = match name {
                                "union" => (RuntimeFn::SetUnion, false),
                                "intersection" => (RuntimeFn::SetIntersection, false),
                                "difference" => (RuntimeFn::SetDifference, false),
                                "symmetric_difference" => (RuntimeFn::SetSymmetricDifference, false),
                                "update" => (RuntimeFn::SetUpdate, false),
                                "intersection_update" => (RuntimeFn::SetIntersectionUpdate, false),
                                "difference_update" => (RuntimeFn::SetDifferenceUpdate, false),
                                "issubset" => (RuntimeFn::SetIsSubset, false),
                                "issuperset" => (RuntimeFn::SetIsSubset, true),
                                _ => (RuntimeFn::SetIsDisjoint, false),
                            };
                            let (x, y) = if swap { (other, acc.clone()) } else { (acc.clone(), other) };
                            let r = fl.call_rt(f, vec![x, y], span);
                            match f.result() {
                                LlType::Void => {}
                                LlType::Bool => return Some(r),
                                _ => acc = r,
                            }
                        }
                        if name.ends_with("update") {
                            Operand::Const(LlConst::Void)
                        } else {
                            acc
                        }
                    }
                    _ => return None,
                }
            }
            _ => return None,
        })
    }

    /// A set of annotation `key` items built from any iterable.
    pub(crate) fn set_from(&mut self, fl: &mut FnLowering, v: LlOperand, s: &SomeValue, key: &SomeValue, span: Span) -> LlOperand {
        let l = self.materialize_as(fl, v, s, key, span);
        let ops = self.slot_ops(key);
        let gc = self.lltype(key).is_gc_ptr(&self.types);
        fl.call_rt(RuntimeFn::SetFromList, vec![l, c_int(ops.kind), Operand::Const(LlConst::Bool(gc)), ops.hash, ops.eq], span)
    }

    /// `str.maketrans(x, y)` or `str.maketrans(d)`: a new dict with code point keys (the
    /// annotator rejects the 3-argument form).
    fn lower_maketrans(&mut self, fl: &mut FnLowering, args: &[(LlOperand, SomeValue)], result: &SomeValue, span: Span) -> Option<LlOperand> {
        let d = self.new_dict(fl, result, span);
        match args {
            [(x, xa), (y, ya)] => {
                let x = self.convert(fl, x.clone(), xa, &S::str(), span);
                let y = self.convert(fl, y.clone(), ya, &S::str(), span);
                fl.call_rt(RuntimeFn::StrMaketrans, vec![d.clone(), x, y], span);
            }
            [(src, sa)] => {
                let (ik, iv) = self.dict_types(sa);
                let (rk, rv) = self.dict_types(result);
                if ik.is_impossible() || iv.is_impossible() {
                    return Some(d); // nothing is ever stored in the source dict
                }
                let key_str = S::Str { konst: None, char: false, nullable: true };
                self.for_dict_entries(fl, src.clone(), |this, fl, e| {
                    let ks = fl.call_rt(RuntimeFn::DictKeyAt, vec![src.clone(), e.clone()], span);
                    let k = if ik.is_str() {
                        let k = this.from_slot(fl, ks, &ik, &key_str, span);
                        fl.call_rt(RuntimeFn::StrMaketransKey, vec![k], span)
                    } else {
                        this.from_slot(fl, ks, &ik, &S::int(), span)
                    };
                    let vs = fl.call_rt(RuntimeFn::DictValueAt, vec![src.clone(), e], span);
                    let v = this.from_slot(fl, vs, &iv, &rv, span);
                    let kslot = this.to_slot(fl, k, &S::int(), &rk, span);
                    let vslot = this.to_slot(fl, v, &rv, &rv, span);
                    fl.call_rt(RuntimeFn::DictSetItem, vec![d.clone(), kslot, vslot], span);
                });
            }
            _ => return None,
        }
        Some(d)
    }

    /// A list of strings from any iterable of strings or characters.
    fn materialize_texts(&mut self, fl: &mut FnLowering, v: LlOperand, s: &SomeValue, span: Span) -> LlOperand {
        let item = self.iterable_item(s).unwrap_or(S::str());
        if self.lltype(&item) == LlType::Ptr(Types::STR) {
            return self.materialize(fl, v, s, span);
        }
        // Characters become one-character strings first.
        let Some((it, it_ann, item)) = self.iterator_for(fl, v, s, span) else { return self.unsupported(span, "join() of this value".into()) };
        let l = fl.call_rt(RuntimeFn::ListNew, vec![c_int(0), Operand::Const(LlConst::Bool(true))], span);
        self.for_each(fl, it, &it_ann, &item, span, |this, fl, x| {
            let slot = this.to_slot(fl, x, &item, &S::str(), span);
            fl.call_rt(RuntimeFn::ListAppend, vec![l.clone(), slot], span);
        });
        l
    }

    /// A tuple annotation built from the first items of a list.
    pub(crate) fn list_to_tuple(&mut self, fl: &mut FnLowering, l: LlOperand, item: &SomeValue, tuple: &SomeValue, span: Span) -> LlOperand {
        let S::Tuple(parts) = tuple else { return l };
        let LlType::Ptr(tt) = self.lltype(tuple) else { return l };
        let tup = fl.emit(LlOp::Malloc(tt), vec![], LlType::Ptr(tt), span);
        let items = fl.emit(LlOp::GetField(Types::LIST, 1), vec![l], LlType::Ptr(Types::SLOTS), span);
        for (k, p) in parts.iter().enumerate() {
            let slot = fl.emit(LlOp::GetVarItem(Types::SLOTS), vec![items.clone(), c_int(k as i64)], LlType::Unsigned, span);
            let x = self.from_slot(fl, slot, item, p, span);
            fl.emit(LlOp::SetField(tt, k as u32), vec![tup.clone(), x], LlType::Void, span);
        }
        tup
    }

    /// The codec number of the `encoding` argument (at position `pos`; utf-8 if absent).
    /// The codec number of the `encoding` argument at `pos`, plus 4 times the error handler
    /// of the `errors` argument after it (0 strict, 1 ignore, 2 replace), as the runtime's
    /// encode and decode functions take them. The handler may be known only at run time.
    pub(crate) fn codec_arg(&mut self, fl: &mut FnLowering, args: &[(LlOperand, SomeValue)], kwnames: &[String], pos: usize, span: Span) -> Option<LlOperand> {
        let codec = match Self::method_arg(args, kwnames, pos, "encoding") {
            None => 0,
            Some((_, S::Str { konst: Some(name), .. })) => match codec_number(&name) {
                Some(c) => c,
                None => {
                    self.unsupported(span, format!("the codec `{name}` (RPy has utf-8, ascii and latin-1)"));
                    return None;
                }
            },
            Some(_) => {
                self.unsupported(span, "an encoding that is not a constant".into());
                return None;
            }
        };
        Some(match Self::method_arg(args, kwnames, pos + 1, "errors") {
            None => c_int(codec),
            Some((_, S::Str { konst: Some(h), .. })) if matches!(&*h, "strict" | "ignore" | "replace") => {
                c_int(codec + 4 * ["strict", "ignore", "replace"].iter().position(|x| *x == &*h).unwrap_or(0) as i64)
            }
            Some((h, hs)) if hs.is_str() => {
                let h = self.convert(fl, h, &hs, &S::str(), span);
                let n = fl.call_rt(RuntimeFn::CodecErrorHandler, vec![h], span);
                let n4 = fl.prim(PrimOp::IntMul, vec![n, c_int(4)], span);
                fl.prim(PrimOp::IntAdd, vec![n4, c_int(codec)], span)
            }
            Some(_) => {
                self.unsupported(span, "an error handler that is not a string".into());
                return None;
            }
        })
    }

    /// Sorts a list in place, by a key function if given.
    pub(crate) fn sort_list(&mut self, fl: &mut FnLowering, l: LlOperand, item: &SomeValue, key: Option<(LlOperand, SomeValue)>, reverse: Option<(LlOperand, SomeValue)>, span: Span) {
        let rev = match reverse {
            Some((v, s)) => self.truth(fl, v, &s, span),
            None => Operand::Const(LlConst::Bool(false)),
        };
        match key {
            None | Some((_, S::None)) => {
                let ops = self.slot_ops(item);
                fl.call_rt(RuntimeFn::ListSort, vec![l, Operand::Const(LlConst::Null(LlType::Ptr(Types::LIST))), c_int(ops.kind), ops.lt, rev], span);
            }
            Some((kf, kf_ann)) => {
                // The keys, computed once per item, are sorted along with the items.
                let key_ann = self.key_result(&kf_ann, item);
                let kt = self.lltype(&key_ann);
                let n = fl.emit(LlOp::GetField(Types::LIST, 0), vec![l.clone()], LlType::Signed, span);
                let keys = fl.call_rt(RuntimeFn::ListNew, vec![c_int(0), Operand::Const(LlConst::Bool(kt.is_gc_ptr(&self.types)))], span);
                let item = item.clone();
                self.for_range(fl, n, |this, fl, i| {
                    let items = fl.emit(LlOp::GetField(Types::LIST, 1), vec![l.clone()], LlType::Ptr(Types::SLOTS), span);
                    let slot = fl.emit(LlOp::GetVarItem(Types::SLOTS), vec![items, i], LlType::Unsigned, span);
                    let x = this.from_slot(fl, slot, &item, &item, span);
                    let k = this.call_value_fn(fl, kf.clone(), &kf_ann, vec![(x, item.clone())], &key_ann, span);
                    let ks = this.to_slot(fl, k, &key_ann, &key_ann, span);
                    fl.call_rt(RuntimeFn::ListAppend, vec![keys.clone(), ks], span);
                });
                let ops = self.slot_ops(&key_ann);
                fl.call_rt(RuntimeFn::ListSort, vec![l, keys, c_int(ops.kind), ops.lt, rev], span);
            }
        }
    }

    /// What a key function returns.
    /// What key function `f` gives for items of annotation `item`.
    pub(crate) fn key_result(&self, f: &SomeValue, item: &SomeValue) -> SomeValue {
        match f {
            S::Functions { funcs, .. } => {
                let mut out = S::Impossible;
                for func in funcs.iter() {
                    if let Some(g) = self.ann.graph_of.get(&(*func, rpy_annotator::SpecKey::Default)) {
                        let r = self.ann.graph(*g).return_ann();
                        if out.is_impossible() {
                            out = r;
                        }
                    }
                }
                out
            }
            S::Builtin(b) => match b {
                rpy_stdlib::Builtin::Abs if matches!(item, S::Float { .. }) => S::float(),
                rpy_stdlib::Builtin::Len | rpy_stdlib::Builtin::Abs | rpy_stdlib::Builtin::Int | rpy_stdlib::Builtin::Ord => S::int(),
                rpy_stdlib::Builtin::Str | rpy_stdlib::Builtin::Repr => S::str(),
                rpy_stdlib::Builtin::Float => S::float(),
                _ => S::Impossible,
            },
            _ => S::Impossible,
        }
    }

    /// Calls a function value (a key function) on arguments.
    pub(crate) fn call_value_fn(&mut self, fl: &mut FnLowering, f: LlOperand, f_ann: &SomeValue, args: Vec<(LlOperand, SomeValue)>, result: &SomeValue, span: Span) -> LlOperand {
        match f_ann {
            S::Functions { funcs, .. } => {
                let funcs = funcs.clone();
                let targets: Vec<rpy_annotator::CallTarget> = funcs
                    .iter()
                    .filter_map(|func| {
                        let g = *self.ann.graph_of.get(&(*func, rpy_annotator::SpecKey::Default))?;
                        let closure = self.ann.program.objects.function(*func).is_some_and(|fd| fd.closure_env.is_some());
                        let mut a = vec![];
                        if closure {
                            a.push(rpy_annotator::ArgSource::Receiver);
                        }
                        a.extend((0..args.len()).map(rpy_annotator::ArgSource::Arg));
                        Some(rpy_annotator::CallTarget { func: *func, graph: g, args: a })
                    })
                    .collect();
                self.call_function_value(fl, f, f_ann, &targets, &args, result, span)
            }
            S::Builtin(b) => {
                let fake = Hop { g: rpy_annotator::GraphId(0), block: rpy_flow::Block(0), index: 0, kind: rpy_flow::HlOp::SimpleCall, span, args: vec![], anns: vec![], result: result.clone() };
                self.lower_builtin(fl, &fake, *b, &args, &[])
            }
            _ => self.unsupported(span, "calling this key function".into()),
        }
    }
}

impl<'a> RTyper<'a> {
    /// A list of items of annotation `from_ann`'s items, as a list of `to`'s item
    /// representation (converting each item when the representations differ).
    pub(crate) fn retype_list(&mut self, fl: &mut FnLowering, l: LlOperand, from_ann: &SomeValue, to: &SomeValue, span: Span) -> LlOperand {
        let from_item = self.iterable_item(from_ann).unwrap_or(S::Impossible);
        let to_item = match to {
            S::List { def, .. } => self.ann.list_item(*def).value.clone(),
            _ => return l,
        };
        self.retype_items(fl, l, &from_item, &to_item, span)
    }

    /// Any iterable as a list whose slots hold `to_item` values (converted when the
    /// iterable's items have another representation).
    pub(crate) fn materialize_as(&mut self, fl: &mut FnLowering, v: LlOperand, s: &SomeValue, to_item: &SomeValue, span: Span) -> LlOperand {
        let from_item = self.iterable_item(s).unwrap_or(S::Impossible);
        let l = self.materialize(fl, v, s, span);
        self.retype_items(fl, l, &from_item, to_item, span)
    }

    /// List `l` of `from_item` values, or a copy holding them as `to_item` values.
    fn retype_items(&mut self, fl: &mut FnLowering, l: LlOperand, from_item: &SomeValue, to_item: &SomeValue, span: Span) -> LlOperand {
        let (from_item, to_item) = (from_item.clone(), to_item.clone());
        if self.lltype(&from_item) == self.lltype(&to_item) {
            return l;
        }
        let gc = self.lltype(&to_item).is_gc_ptr(&self.types);
        let out = fl.call_rt(RuntimeFn::ListNew, vec![c_int(0), Operand::Const(LlConst::Bool(gc))], span);
        let n = fl.emit(LlOp::GetField(Types::LIST, 0), vec![l.clone()], LlType::Signed, span);
        self.for_range(fl, n, |this, fl, i| {
            let items = fl.emit(LlOp::GetField(Types::LIST, 1), vec![l.clone()], LlType::Ptr(Types::SLOTS), span);
            let slot = fl.emit(LlOp::GetVarItem(Types::SLOTS), vec![items, i], LlType::Unsigned, span);
            let x = this.from_slot(fl, slot, &from_item, &to_item, span);
            let s2 = this.to_slot(fl, x, &to_item, &to_item, span);
            fl.call_rt(RuntimeFn::ListAppend, vec![out.clone(), s2], span);
        });
        out
    }

    /// `"...".format(args)` with a constant format string: the fields are formatted as in
    /// f-strings and concatenated.
    fn lower_str_format(&mut self, fl: &mut FnLowering, hop: &Hop, receiver: &SomeValue, args: &[(LlOperand, SomeValue)], kwnames: &[String]) -> Option<LlOperand> {
        let span = hop.span;
        let S::Str { konst: Some(fmt), .. } = receiver else {
            return Some(self.unsupported(span, "str.format() on a format string that is not a constant".into()));
        };
        let fmt = fmt.to_string();
        let n_pos = args.len() - kwnames.len();
        let sb = fl.call_rt(RuntimeFn::SbNew, vec![], span);
        let mut literal = String::new();
        let mut auto = 0usize;
        let chars: Vec<char> = fmt.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if (c == '{' || c == '}') && chars.get(i + 1) == Some(&c) {
                literal.push(c);
                i += 2;
                continue;
            }
            if c != '{' {
                literal.push(c);
                i += 1;
                continue;
            }
            let close = chars[i..].iter().position(|x| *x == '}').map(|p| i + p)?;
            let field: String = chars[i + 1..close].iter().collect();
            i = close + 1;
            if !literal.is_empty() {
                let l = self.str_const(&literal);
                fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), l], span);
                literal.clear();
            }
            let (name_conv, spec) = match field.split_once(':') {
                Some((a, b)) => (a.to_string(), b.to_string()),
                None => (field.clone(), String::new()),
            };
            let (name, conv) = match name_conv.split_once('!') {
                Some((a, b)) => (a.to_string(), b.to_string()),
                None => (name_conv, String::new()),
            };
            let (v, s) = if name.is_empty() {
                auto += 1;
                args.get(auto - 1).cloned()?
            } else if let Ok(k) = name.parse::<usize>() {
                args.get(k).cloned()?
            } else {
                let p = kwnames.iter().position(|k| *k == name)?;
                args[n_pos + p].clone()
            };
            let text = match (conv.as_str(), spec.is_empty()) {
                ("r", _) => {
                    let r = self.to_repr(fl, v, &s, span);
                    if spec.is_empty() {
                        r
                    } else {
                        let sp = self.str_const(&spec);
                        fl.call_rt(RuntimeFn::FormatStr, vec![r, sp], span)
                    }
                }
                (_, true) => self.to_str(fl, v, &s, span),
                (_, false) => {
                    let sp = self.str_const(&spec);
                    match &s {
                        x if x.is_intlike() => {
                            let v = self.convert(fl, v, &s, &S::int(), span);
                            fl.call_rt(RuntimeFn::FormatInt, vec![v, sp], span)
                        }
                        S::Float { .. } => fl.call_rt(RuntimeFn::FormatFloat, vec![v, sp], span),
                        _ => {
                            let t = self.to_str(fl, v, &s, span);
                            fl.call_rt(RuntimeFn::FormatStr, vec![t, sp], span)
                        }
                    }
                }
            };
            fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), text], span);
        }
        if !literal.is_empty() {
            let l = self.str_const(&literal);
            fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), l], span);
        }
        Some(fl.call_rt(RuntimeFn::SbBuild, vec![sb], span))
    }
}
