//! Text conversions: `str()` and `repr()` of every representation (containers through
//! helper graphs that build the text with a string builder), `print`, and `%`-formatting.

use crate::lower::{FnLowering, LlOperand};
use crate::ops::Hop;
use crate::RTyper;
use rpy_annotator::{IterKind, SomeValue};
use rpy_flow::Operand;
use rpy_lltype::{LlConst, LlOp, LlType, PrimOp, RuntimeFn, Types};
use rpy_source::Span;

impl<'a> RTyper<'a> {
    fn static_str(&mut self, s: &str) -> LlOperand {
        Operand::Const(LlConst::Static(self.str_static(s)))
    }

    /// `str(v)`.
    pub(crate) fn to_str(&mut self, fl: &mut FnLowering, v: LlOperand, s: &SomeValue, span: Span) -> LlOperand {
        self.text_of(fl, v, s, span, false)
    }

    /// `repr(v)`.
    pub(crate) fn to_repr(&mut self, fl: &mut FnLowering, v: LlOperand, s: &SomeValue, span: Span) -> LlOperand {
        self.text_of(fl, v, s, span, true)
    }

    fn text_of(&mut self, fl: &mut FnLowering, v: LlOperand, s: &SomeValue, span: Span, repr: bool) -> LlOperand {
        use SomeValue as S;
        let t = self.lltype(s);
        match (s, t) {
            (S::None | S::Impossible, _) => self.static_str("None"),
            (S::Str { konst: Some(k), .. }, _) if !repr => self.static_str(&k.clone()),
            (S::Str { .. }, LlType::UniChar) => {
                if repr {
                    fl.call_rt(RuntimeFn::CharRepr, vec![v], span)
                } else {
                    fl.call_rt(RuntimeFn::StrFromChar, vec![v], span)
                }
            }
            (S::Str { nullable, .. }, _) => {
                if *nullable {
                    return self.nullable_text(fl, v, s, span, repr);
                }
                if repr {
                    fl.call_rt(RuntimeFn::StrRepr, vec![v], span)
                } else {
                    v
                }
            }
            (_, LlType::Bool) => fl.call_rt(RuntimeFn::StrFromBool, vec![v], span),
            (_, LlType::Signed) => fl.call_rt(RuntimeFn::StrFromInt, vec![v], span),
            (_, LlType::Unsigned) => fl.call_rt(RuntimeFn::StrFromUint, vec![v], span),
            (_, LlType::Float) => fl.call_rt(RuntimeFn::FloatRepr, vec![v], span),
            (S::Instance { class, nullable }, _) => {
                if *nullable {
                    return self.nullable_text(fl, v, s, span, repr);
                }
                let names: &[&str] = if repr { &["__repr__"] } else { &["__str__", "__repr__"] };
                self.by_class(fl, v, *class, names, LlType::Ptr(Types::STR), span, |this, fl, v, k| this.instance_text(fl, v, k, span, repr))
            }
            (S::Tuple(_) | S::List { .. } | S::Dict { .. } | S::Set { .. } | S::Iterator { kind: IterKind::DictKeys | IterKind::DictValues | IterKind::DictItems, .. }, _) => {
                if s.can_be_none() {
                    return self.nullable_text(fl, v, s, span, repr);
                }
                let f = self.helper_repr(s);
                fl.emit(LlOp::DirectCall(f), vec![v], LlType::Ptr(Types::STR), span)
            }
            (S::Bool { .. }, _) => fl.call_rt(RuntimeFn::StrFromBool, vec![v], span),
            (S::Bytes { nullable: true, .. } | S::ByteArray { nullable: true }, _) => self.nullable_text(fl, v, s, span, repr),
            (S::Bytes { .. }, _) => fl.call_rt(RuntimeFn::BytesRepr, vec![v], span),
            (S::Range { .. }, _) => self.range_text(fl, v, span),
            (S::ByteArray { .. }, _) => fl.call_rt(RuntimeFn::BytearrayRepr, vec![v], span),
            _ => {
                let name = self.ann.type_name(s);
                self.unsupported(span, format!("str() of a `{name}` value"))
            }
        }
    }

    /// `str()`/`repr()` of an instance of exactly class `class` or of subclasses that do
    /// not override `__str__`/`__repr__` (see `by_class`).
    fn instance_text(&mut self, fl: &mut FnLowering, v: LlOperand, class: rpy_annotator::ClassId, span: Span, repr: bool) -> LlOperand {
        use SomeValue as S;
        let s = S::Instance { class, nullable: false };
        let t = self.lltype(&s);
        let has = |this: &Self, m: &str| this.method_impl(class, m).is_some();
        let method = if !repr && has(self, "__str__") { Some("__str__") } else if has(self, "__repr__") { Some("__repr__") } else { None };
        match method {
            Some(m) => {
                let r = self.call_method_by_name(fl, v, class, m, vec![], span);
                self.convert_to_ll(fl, r, &S::str(), LlType::Ptr(Types::STR), span)
            }
            None => {
                let base = self.ann.program.exception_class("BaseException");
                let is_exc = self.ann.class_ids.get(&base).is_some_and(|b| self.is_subclass_of(class, *b));
                let obj_t = if is_exc { Types::EXC_BASE } else { Types::OBJECT };
                let obj = self.convert_ll(fl, v, t, LlType::Ptr(obj_t), &s, span);
                if is_exc && !repr {
                    fl.emit(LlOp::GetField(Types::EXC_BASE, 0), vec![obj], LlType::Ptr(Types::STR), span)
                } else if is_exc {
                    self.helper_call_exception_repr(fl, obj, span)
                } else {
                    fl.call_rt(RuntimeFn::DefaultRepr, vec![obj], span)
                }
            }
        }
    }

    pub(crate) fn is_subclass_of(&self, c: rpy_annotator::ClassId, ancestor: rpy_annotator::ClassId) -> bool {
        let mut cur = Some(c);
        while let Some(k) = cur {
            if k == ancestor {
                return true;
            }
            cur = self.ann.class(k).base;
        }
        false
    }

    /// `range(start, stop)`, with `, step` unless the step is 1.
    fn range_text(&mut self, fl: &mut FnLowering, v: LlOperand, span: Span) -> LlOperand {
        let rt = self.range_type();
        let field = |fl: &mut FnLowering, k: u32| fl.emit(LlOp::GetField(rt, k), vec![v.clone()], LlType::Signed, span);
        let (start, stop, step) = (field(fl, 0), field(fl, 1), field(fl, 2));
        let sb = fl.call_rt(RuntimeFn::SbNew, vec![], span);
        let is_one = fl.prim(PrimOp::IntEq, vec![step.clone(), Operand::Const(LlConst::Signed(1))], span);
        let step_text = {
            let comma = self.static_str(", ");
            let st = fl.call_rt(RuntimeFn::StrFromInt, vec![step], span);
            fl.call_rt(RuntimeFn::StrConcat, vec![comma, st], span)
        };
        let empty = self.static_str("");
        let tail = self.if_else(fl, is_one, LlType::Ptr(Types::STR), |_, _| empty, |_, _| step_text);
        let parts = [
            self.static_str("range("),
            fl.call_rt(RuntimeFn::StrFromInt, vec![start], span),
            self.static_str(", "),
            fl.call_rt(RuntimeFn::StrFromInt, vec![stop], span),
            tail,
            self.static_str(")"),
        ];
        for p in parts {
            fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), p], span);
        }
        fl.call_rt(RuntimeFn::SbBuild, vec![sb], span)
    }

    /// Text of a value that may be None: "None" or the text of the value.
    fn nullable_text(&mut self, fl: &mut FnLowering, v: LlOperand, s: &SomeValue, span: Span, repr: bool) -> LlOperand {
        let f = self.helper_nullable_text(s, repr);
        fl.emit(LlOp::DirectCall(f), vec![v], LlType::Ptr(Types::STR), span)
    }

    /// `print(*args, sep=, end=, file=)`.
    pub(crate) fn lower_print(&mut self, fl: &mut FnLowering, hop: &Hop, args: &[(LlOperand, SomeValue)], kwnames: &[String]) -> LlOperand {
        use SomeValue as S;
        let span = hop.span;
        let n_pos = args.len() - kwnames.len();
        let kw = |name: &str| kwnames.iter().position(|k| k == name).map(|i| args[n_pos + i].clone());
        let to_stderr = matches!(kw("file"), Some((_, S::Builtin(rpy_stdlib::Builtin::SysStderr))));
        let err = Operand::Const(LlConst::Bool(to_stderr));
        let text_arg = |this: &mut Self, fl: &mut FnLowering, a: Option<(LlOperand, S)>, default: &str| -> LlOperand {
            match a {
                None | Some((_, S::None)) => this.static_str(default),
                Some((v, s)) => this.convert(fl, v, &s, &S::str(), span),
            }
        };
        let sep = text_arg(self, fl, kw("sep"), " ");
        let end = text_arg(self, fl, kw("end"), "\n");
        for (i, (v, s)) in args[..n_pos].iter().enumerate() {
            if i > 0 {
                fl.call_rt(RuntimeFn::PrintStr, vec![sep.clone(), err.clone()], span);
            }
            let t = self.lltype(s);
            match (s, t) {
                (S::Str { konst: Some(k), .. }, _) => {
                    let k = k.clone();
                    let c = self.static_str(&k);
                    fl.call_rt(RuntimeFn::PrintStr, vec![c, err.clone()], span);
                }
                (_, LlType::Signed) => {
                    fl.call_rt(RuntimeFn::PrintInt, vec![v.clone(), err.clone()], span);
                }
                (S::Str { .. }, LlType::UniChar) => {
                    fl.call_rt(RuntimeFn::PrintChar, vec![v.clone(), err.clone()], span);
                }
                (S::Str { nullable: false, .. }, _) => {
                    fl.call_rt(RuntimeFn::PrintStr, vec![v.clone(), err.clone()], span);
                }
                (_, LlType::Float) => {
                    fl.call_rt(RuntimeFn::PrintFloat, vec![v.clone(), err.clone()], span);
                }
                _ => {
                    let text = self.to_str(fl, v.clone(), s, span);
                    fl.call_rt(RuntimeFn::PrintStr, vec![text, err.clone()], span);
                }
            }
        }
        fl.call_rt(RuntimeFn::PrintStr, vec![end, err], span);
        Operand::Const(LlConst::Void)
    }

    /// `fmt % args` with a constant format: each conversion becomes text appended to a
    /// builder.
    pub(crate) fn percent_format(&mut self, fl: &mut FnLowering, hop: &Hop) -> LlOperand {
        use SomeValue as S;
        let span = hop.span;
        let S::Str { konst: Some(fmt), .. } = &hop.anns[0] else {
            return self.unsupported(span, "`%` with a format string that is not a constant".into());
        };
        let fmt = fmt.to_string();
        let values: Vec<(LlOperand, SomeValue)> = match &hop.anns[1] {
            S::Tuple(items) => {
                let LlType::Ptr(t) = self.lltype(&hop.anns[1]) else { return Operand::Const(LlConst::Void) };
                let items = items.clone();
                items
                    .iter()
                    .enumerate()
                    .map(|(k, s)| {
                        let it = self.lltype(s);
                        (fl.emit(LlOp::GetField(t, k as u32), vec![hop.args[1].clone()], it, span), s.clone())
                    })
                    .collect()
            }
            s => vec![(hop.args[1].clone(), s.clone())],
        };
        let sb = fl.call_rt(RuntimeFn::SbNew, vec![], span);
        let mut literal = String::new();
        let mut next = 0;
        let mut chars = fmt.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                literal.push(c);
                continue;
            }
            let mut spec = String::new();
            let conv = loop {
                match chars.next() {
                    Some(ch) if "-+ #0123456789.*".contains(ch) => spec.push(ch),
                    Some(ch) => break ch,
                    None => return self.unsupported(span, "an incomplete `%` format".into()),
                }
            };
            if conv == '%' {
                literal.push('%');
                continue;
            }
            if !literal.is_empty() {
                let l = self.static_str(&literal);
                fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), l], span);
                literal.clear();
            }
            // `*` takes the width (and the precision) from the values, as ints.
            let mut stars = vec![];
            for _ in spec.matches('*') {
                let Some((w, ws)) = values.get(next).cloned() else {
                    return self.unsupported(span, "a `%` format with more conversions than values".into());
                };
                next += 1;
                let w = self.convert(fl, w, &ws, &S::int(), span);
                stars.push(fl.call_rt(RuntimeFn::StrFromInt, vec![w], span));
            }
            let Some((v, s)) = values.get(next).cloned() else {
                return self.unsupported(span, "a `%` format with more conversions than values".into());
            };
            next += 1;
            if !stars.is_empty() && spec.contains('.') && "diuxXo".contains(conv) {
                return self.unsupported(span, "`*` with a precision in an integer `%` conversion".into());
            }
            let spec_of = |this: &mut Self, fl: &mut FnLowering, conv: char| this.percent_spec(fl, &spec, conv, &stars, span);
            let text = match conv {
                's' | 'r' | 'a' => {
                    let base = if conv == 's' { self.to_str(fl, v, &s, span) } else { self.to_repr(fl, v, &s, span) };
                    if spec.is_empty() {
                        base
                    } else {
                        let spec = spec_of(self, fl, 's');
                        fl.call_rt(RuntimeFn::FormatStr, vec![base, spec], span)
                    }
                }
                'd' | 'i' | 'u' | 'x' | 'X' | 'o' | 'c' => {
                    let spec_s = spec_of(self, fl, conv);
                    let iv = match &s {
                        S::Float { .. } => fl.prim(PrimOp::CastFloatToInt, vec![v], span),
                        S::Str { .. } if conv == 'c' => {
                            let t = self.to_str(fl, v, &s, span);
                            let spec_s = spec_of(self, fl, 's');
                            let r = fl.call_rt(RuntimeFn::FormatStr, vec![t, spec_s], span);
                            fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), r], span);
                            continue;
                        }
                        _ => self.convert(fl, v, &s, &S::int(), span),
                    };
                    if conv != 'c' && spec.contains('.') {
                        self.percent_int_precision(fl, iv, &spec, conv, span)
                    } else {
                        fl.call_rt(RuntimeFn::FormatInt, vec![iv, spec_s], span)
                    }
                }
                'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                    let fv = self.convert(fl, v, &s, &S::float(), span);
                    let spec_s = spec_of(self, fl, conv);
                    fl.call_rt(RuntimeFn::FormatFloat, vec![fv, spec_s], span)
                }
                other => return self.unsupported(span, format!("the `%{other}` conversion")),
            };
            fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), text], span);
        }
        if !literal.is_empty() {
            let l = self.static_str(&literal);
            fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), l], span);
        }
        if next != values.len() {
            return self.unsupported(span, "a `%` format with fewer conversions than values".into());
        }
        fl.call_rt(RuntimeFn::SbBuild, vec![sb], span)
    }
}

/// Stand-ins for `*` widths and precisions while a `%` spec is translated (no real spec has
/// such long numbers).
const STAR_PLACEHOLDERS: [&str; 2] = ["7777777", "5555555"];

impl<'a> RTyper<'a> {
    /// The format spec of a `%` conversion, as an operand: a constant, or built at run time
    /// around the texts of its `*` values.
    fn percent_spec(&mut self, fl: &mut FnLowering, spec: &str, conv: char, stars: &[LlOperand], span: Span) -> LlOperand {
        let mut marked = spec.to_string();
        for p in STAR_PLACEHOLDERS.iter().take(stars.len()) {
            marked = marked.replacen('*', p, 1);
        }
        let translated = translate_percent_spec(&marked, conv);
        let mut parts = vec![];
        let mut rest = translated.as_str();
        for (p, text) in STAR_PLACEHOLDERS.iter().zip(stars) {
            if let Some((before, after)) = rest.split_once(p) {
                parts.push(self.static_str(before));
                parts.push(text.clone());
                rest = after;
            }
        }
        let mut acc = self.static_str(rest);
        for part in parts.into_iter().rev() {
            acc = fl.call_rt(RuntimeFn::StrConcat, vec![part, acc], span);
        }
        acc
    }

    /// `%.Nd` (and x, X, o): at least N digits, then the sign and `#` prefix, then the width.
    fn percent_int_precision(&mut self, fl: &mut FnLowering, v: LlOperand, spec: &str, conv: char, span: Span) -> LlOperand {
        let flags: String = spec.chars().take_while(|c| "-+ #0".contains(*c)).collect();
        let rest = &spec[flags.len()..];
        let (width, precision) = rest.split_once('.').unwrap_or((rest, ""));
        let ty = if matches!(conv, 'i' | 'u') { 'd' } else { conv };
        let (precision, width_n) = (precision.parse::<usize>().unwrap_or(0), width.parse::<usize>().unwrap_or(0));
        let zero_fill = flags.contains('0') && !flags.contains('-');
        let positive_sign = if flags.contains('+') { "+" } else if flags.contains(' ') { " " } else { "" };
        let alt = match (flags.contains('#'), ty) {
            (true, 'o') => "0o",
            (true, 'x') => "0x",
            (true, 'X') => "0X",
            _ => "",
        };
        let magnitude = fl.prim(PrimOp::IntAbs, vec![v.clone()], span);
        let negative = fl.prim(PrimOp::IntLt, vec![v, Operand::Const(LlConst::Signed(0))], span);
        // The digits (zero-filled up to the width after the prefix with the `0` flag).
        let signed = |this: &mut Self, fl: &mut FnLowering, prefix: String| {
            let n = if zero_fill { precision.max(width_n.saturating_sub(prefix.chars().count())) } else { precision };
            let spec = this.static_str(&format!("0{n}{ty}"));
            let digits = fl.call_rt(RuntimeFn::FormatInt, vec![magnitude.clone(), spec], span);
            let p = this.static_str(&prefix);
            fl.call_rt(RuntimeFn::StrConcat, vec![p, digits], span)
        };
        let (minus, plus) = (format!("-{alt}"), format!("{positive_sign}{alt}"));
        let body = self.if_else(fl, negative, LlType::Ptr(Types::STR), |this, fl| signed(this, fl, minus), |this, fl| signed(this, fl, plus));
        if width.is_empty() {
            return body;
        }
        let align = if flags.contains('-') { '<' } else { '>' };
        let pad = self.static_str(&format!("{align}{width}s"));
        fl.call_rt(RuntimeFn::FormatStr, vec![body, pad], span)
    }
}

/// A `%` conversion's flags, width and precision as a format spec.
fn translate_percent_spec(flags: &str, conv: char) -> String {
    let mut align = String::new();
    let mut sign = String::new();
    let mut alt = String::new();
    let mut zero = String::new();
    let mut rest = String::new();
    let mut in_flags = true;
    for c in flags.chars() {
        if in_flags {
            match c {
                '-' => {
                    align = "<".into();
                    continue;
                }
                '+' => {
                    sign = "+".into();
                    continue;
                }
                ' ' => {
                    if sign.is_empty() {
                        sign = " ".into();
                    }
                    continue;
                }
                '#' => {
                    alt = "#".into();
                    continue;
                }
                '0' => {
                    zero = "0".into();
                    continue;
                }
                _ => in_flags = false,
            }
        }
        rest.push(c);
    }
    if !align.is_empty() {
        zero.clear();
    }
    if align.is_empty() && conv == 's' {
        align = ">".into();
    }
    let ty = match conv {
        'i' | 'u' => 'd',
        's' => 's',
        other => other,
    };
    let (width, precision) = match rest.split_once('.') {
        Some((w, p)) => (w.to_string(), format!(".{p}")),
        None => (rest.clone(), String::new()),
    };
    let precision = if matches!(ty, 'f' | 'F' | 'e' | 'E' | 'g' | 'G') && precision.is_empty() { ".6".to_string() } else { precision };
    format!("{align}{sign}{alt}{zero}{width}{precision}{ty}")
}
