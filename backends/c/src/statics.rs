//! Static data: prebuilt strings, instances, tuples and vtables as initialized C objects.
//! GC objects among them carry the prebuilt flag in their header.

use crate::emit::{c_string, field_name, float_lit, struct_name};
use rpy_lltype::{FuncRef, LlProgram, LlType, StaticObject, StaticValue, TypeRef, Types};
use std::collections::BTreeSet;
use std::fmt::Write;

/// The header flags of prebuilt objects (the GC treats them as old).
pub const GCFLAG_PREBUILT: u32 = Types::GCFLAGS_PREBUILT;

fn text_of(obj: &StaticObject) -> Vec<u8> {
    obj.var_items.iter().map(|v| if let StaticValue::Char(b) = v { *b } else { 0 }).collect()
}

/// Emits the declarations and definitions of every static object.
pub fn emit_statics(p: &LlProgram, out: &mut String, c_type: &dyn Fn(LlType) -> String, func_name: &dyn Fn(FuncRef) -> String) {
    // One struct type per length of literal text.
    let mut lengths = BTreeSet::new();
    for obj in &p.statics {
        if obj.ty == Types::STR || obj.ty == Types::BYTES {
            lengths.insert((obj.ty == Types::STR, obj.var_items.len()));
        }
    }
    for (is_str, n) in &lengths {
        if *is_str {
            let _ = writeln!(out, "struct rpy_strlit_{n} {{ rpy_hdr hdr; Signed length, nbytes, hash; void *index; char data[{}]; }};", n + 1);
        } else {
            let _ = writeln!(out, "struct rpy_byteslit_{n} {{ rpy_hdr hdr; Signed length, hash; char data[{}]; }};", n + 1);
        }
    }
    let decl = |i: usize, obj: &StaticObject| -> String {
        if obj.ty == Types::STR {
            format!("static struct rpy_strlit_{} s{i}", obj.var_items.len())
        } else if obj.ty == Types::BYTES {
            format!("static struct rpy_byteslit_{} s{i}", obj.var_items.len())
        } else {
            format!("static {} s{i}", struct_name(p, obj.ty))
        }
    };
    for (i, obj) in p.statics.iter().enumerate() {
        let _ = writeln!(out, "{};", decl(i, obj));
    }
    for (i, obj) in p.statics.iter().enumerate() {
        let init = if obj.ty == Types::STR || obj.ty == Types::BYTES {
            let text = text_of(obj);
            let lit = c_string(&String::from_utf8_lossy(&text));
            // Bytes that are not valid UTF-8 are written one by one.
            let lit = if std::str::from_utf8(&text).is_ok() { lit } else { bytes_literal(&text) };
            let vals: Vec<String> = obj.fields.iter().map(|v| scalar(v)).collect();
            if obj.ty == Types::STR {
                format!("{{ {{ {}, {GCFLAG_PREBUILT} }}, {}, {}, {}, 0, {lit} }}", Types::TID_STR, vals[0], vals[1], vals[2])
            } else {
                format!("{{ {{ {}, {GCFLAG_PREBUILT} }}, {}, {}, {lit} }}", Types::TID_BYTES, vals[0], vals[1])
            }
        } else {
            let tid = p.types.struct_def(obj.ty).tid;
            let mut values = obj.fields.iter();
            struct_init(p, obj.ty, tid, &mut values, c_type, func_name)
        };
        let _ = writeln!(out, "{} = {init};", decl(i, obj));
    }
    out.push('\n');
}

fn bytes_literal(b: &[u8]) -> String {
    let mut s = String::from("\"");
    for c in b {
        let _ = write!(s, "\\{:03o}", c);
    }
    s.push('"');
    s
}

fn scalar(v: &StaticValue) -> String {
    match v {
        StaticValue::Void => "0".into(),
        StaticValue::Bool(b) => (if *b { "true" } else { "false" }).into(),
        StaticValue::Signed(i) => {
            if *i == i64::MIN {
                "INT64_MIN".into()
            } else {
                format!("{i}LL")
            }
        }
        StaticValue::Unsigned(u) => format!("{u}ULL"),
        StaticValue::Float(f) => float_lit(f.get()),
        StaticValue::Char(c) => format!("{c}"),
        StaticValue::UniChar(c) => format!("{c}"),
        StaticValue::Null => "0".into(),
        StaticValue::Ptr(_) | StaticValue::Func(_) => "0".into(),
    }
}

/// The initializer of a struct, its bases nested first; `values` are the flattened fields.
fn struct_init<'v>(
    p: &LlProgram,
    t: TypeRef,
    tid: u32,
    values: &mut impl Iterator<Item = &'v StaticValue>,
    c_type: &dyn Fn(LlType) -> String,
    func_name: &dyn Fn(FuncRef) -> String,
) -> String {
    let sd = p.types.struct_def(t);
    let mut parts = vec![];
    match sd.base {
        Some(b) => parts.push(struct_init(p, b, tid, values, c_type, func_name)),
        None if sd.gc => parts.push(format!("{{ {tid}, {GCFLAG_PREBUILT} }}")),
        None => {}
    }
    for (i, (_, ft)) in sd.fields.iter().enumerate() {
        let v = values.next().cloned().unwrap_or(StaticValue::Null);
        if *ft == LlType::Void {
            continue;
        }
        let _ = field_name(sd, i);
        let text = match &v {
            StaticValue::Ptr(s) => {
                let target = &p.statics[s.0 as usize];
                let inner = if target.ty == Types::STR || target.ty == Types::BYTES { format!("(void *)&s{}", s.0) } else { format!("&s{}", s.0) };
                format!("({}){inner}", c_type(*ft))
            }
            StaticValue::Func(f) => format!("({}){}", c_type(*ft), func_name(*f)),
            other => scalar(other),
        };
        parts.push(text);
    }
    if parts.is_empty() {
        parts.push("0".into());
    }
    format!("{{ {} }}", parts.join(", "))
}
