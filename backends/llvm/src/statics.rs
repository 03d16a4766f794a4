//! Static data, as the C backend lays it out: prebuilt strings and bytes (their data inline
//! and NUL-terminated), instances, tuples and vtables (GC objects among them carry the
//! prebuilt flag in their header), the type-info table the GC reads and the traceback
//! locations.

use crate::emit::Cx;
use crate::layout::{bytes_literal_type, mem_type, str_literal_type};
use inkwell::module::Linkage;
use inkwell::types::{BasicTypeEnum, StructType};
use inkwell::values::BasicValueEnum;
use rpy_lltype::{LlType, StaticObject, StaticValue, TypeRef, Types};

/// The header flags of prebuilt objects (the GC treats them as old); as in the C backend.
pub const GCFLAG_PREBUILT: u64 = Types::GCFLAGS_PREBUILT as u64;

fn text_of(obj: &StaticObject) -> Vec<u8> {
    obj.var_items.iter().map(|v| if let StaticValue::Char(b) = v { *b } else { 0 }).collect()
}

/// A row of the type-info table: type id, fixed size, item size, offset of the count, offset
/// of the items, whether the items are GC pointers, extra items, offsets of the GC pointers
/// and the name of their array.
type TypeInfoRow = (u32, u64, u64, u64, u64, u64, u64, Vec<u64>, String);

impl<'a, 'ctx> Cx<'a, 'ctx> {
    fn static_type(&self, obj: &StaticObject) -> StructType<'ctx> {
        if obj.ty == Types::STR {
            str_literal_type(self.ctx, &self.layouts, obj.var_items.len())
        } else if obj.ty == Types::BYTES {
            bytes_literal_type(self.ctx, &self.layouts, obj.var_items.len())
        } else {
            self.layouts.get(obj.ty).ty
        }
    }

    /// Declares every static object (`s0`, `s1`, ...: internal and writable, as C's
    /// `static` objects).
    pub fn declare_statics(&mut self) {
        for (i, obj) in self.p.statics.iter().enumerate() {
            let g = self.module.add_global(self.static_type(obj), None, &format!("s{i}"));
            g.set_linkage(Linkage::Internal);
            self.statics.push(g);
        }
    }

    fn hdr(&self, tid: u32) -> BasicValueEnum<'ctx> {
        let i32t = self.ctx.i32_type();
        self.layouts.hdr.const_named_struct(&[i32t.const_int(tid as u64, false).into(), i32t.const_int(GCFLAG_PREBUILT, false).into()]).into()
    }

    /// Gives every static object its initializer.
    pub fn define_statics(&self) {
        for (i, obj) in self.p.statics.iter().enumerate() {
            let init: BasicValueEnum<'ctx> = if obj.ty == Types::STR || obj.ty == Types::BYTES {
                let data = self.ctx.const_string(&text_of(obj), true);
                let val = |k: usize| self.scalar(obj.fields.get(k).unwrap_or(&StaticValue::Null), LlType::Signed);
                let ty = self.static_type(obj);
                if obj.ty == Types::STR {
                    ty.const_named_struct(&[self.hdr(Types::TID_STR), val(0), val(1), val(2), self.layouts.i8p.const_null().into(), data.into()]).into()
                } else {
                    ty.const_named_struct(&[self.hdr(Types::TID_BYTES), val(0), val(1), data.into()]).into()
                }
            } else {
                let tid = self.p.types.struct_def(obj.ty).tid;
                let mut values = obj.fields.iter();
                self.struct_init(obj.ty, tid, &mut values).into()
            };
            self.statics[i].set_initializer(&init);
        }
    }

    /// A scalar static value as a constant of field type `t` (in its memory representation;
    /// mismatched kinds convert as C's initializers would).
    fn scalar(&self, v: &StaticValue, t: LlType) -> BasicValueEnum<'ctx> {
        let Some(ty) = mem_type(self.ctx, t) else { return self.ctx.i8_type().const_zero().into() };
        let num: Option<f64> = None;
        let (int, float): (Option<u64>, Option<f64>) = match v {
            StaticValue::Void | StaticValue::Null => (Some(0), num),
            StaticValue::Bool(b) => (Some(*b as u64), num),
            StaticValue::Signed(i) => (Some(*i as u64), Some(*i as f64)),
            StaticValue::Unsigned(u) => (Some(*u), Some(*u as f64)),
            StaticValue::Float(f) => (Some(f.get() as i64 as u64), Some(f.get())),
            StaticValue::Char(c) => (Some(*c as u64), Some(*c as f64)),
            StaticValue::UniChar(c) => (Some(*c as u64), Some(*c as f64)),
            StaticValue::Ptr(s) => {
                if matches!(ty, BasicTypeEnum::PointerType(_)) {
                    return self.statics[s.0 as usize].as_pointer_value().const_cast(self.layouts.i8p).into();
                }
                (Some(0), num)
            }
            StaticValue::Func(f) => {
                if matches!(ty, BasicTypeEnum::PointerType(_)) {
                    return self.funcs[f.0 as usize].as_global_value().as_pointer_value().const_cast(self.layouts.i8p).into();
                }
                (Some(0), num)
            }
        };
        match ty {
            BasicTypeEnum::IntType(it) => {
                let x = int.unwrap_or(0);
                let x = if t == LlType::Bool { (x != 0 || float.is_some_and(|f| f != 0.0)) as u64 } else { x };
                it.const_int(x, false).into()
            }
            BasicTypeEnum::FloatType(ft) => ft.const_float(float.unwrap_or(0.0)).into(),
            BasicTypeEnum::PointerType(pt) => pt.const_null().into(),
            other => other.const_zero(),
        }
    }

    /// The initializer of a struct, its bases nested first; `values` are the flattened
    /// fields. Fields the runtime's C struct has beyond the low-level ones are zero.
    fn struct_init<'v>(&self, t: TypeRef, tid: u32, values: &mut impl Iterator<Item = &'v StaticValue>) -> inkwell::values::StructValue<'ctx> {
        let sd = self.p.types.struct_def(t);
        let layout = self.layouts.get(t);
        let elem_types = layout.ty.get_field_types();
        let mut parts: Vec<BasicValueEnum<'ctx>> = vec![];
        match sd.base {
            Some(b) => parts.push(self.struct_init(b, tid, values).into()),
            None if sd.gc => parts.push(self.hdr(tid)),
            None => {}
        }
        for (_, ft) in &sd.fields {
            let v = values.next().cloned().unwrap_or(StaticValue::Null);
            if *ft == LlType::Void {
                continue;
            }
            parts.push(self.scalar(&v, *ft));
        }
        // Padding fields: C's `char unused`, the runtime's extra fields, the empty array.
        while parts.len() < elem_types.len() {
            parts.push(elem_types[parts.len()].const_zero());
        }
        layout.ty.const_named_struct(&parts)
    }

    /// `rpy_type_info_table` and `rpy_type_count`: what the GC needs to know of each type, as
    /// the C backend writes them (`rpy_type_info` in rpy.h), with the offsets of GC pointers in
    /// arrays of their own (`rpy_ptrs<tid>`).
    pub fn type_info(&self) {
        let ctx = self.ctx;
        let (i8t, i16t, i32t) = (ctx.i8_type(), ctx.i16_type(), ctx.i32_type());
        let i16p = i16t.ptr_type(inkwell::AddressSpace::default());
        let row_type = ctx.opaque_struct_type("rpy_type_info");
        row_type.set_body(&[i32t.into(), i32t.into(), i32t.into(), i32t.into(), i8t.into(), i8t.into(), i16t.into(), i16p.into()], false);
        let p = self.p;
        let mut rows: Vec<TypeInfoRow> = vec![];
        for (i, d) in p.types.defs.iter().enumerate() {
            let sd = d.as_struct();
            // Abstract roots (object, exceptions' base) have no type id of their own.
            if !sd.gc || sd.tid == 0 {
                continue;
            }
            let t = TypeRef(i as u32);
            let mut ptrs = vec![];
            self.ptr_offsets(t, 0, &mut ptrs);
            let size = self.td.get_abi_size(&self.layouts.get(t).ty);
            // The item count of str is its byte count; str and bytes hold a NUL after the items.
            let count = if t == Types::STR { "nbytes" } else { "length" };
            let (item, length_off, items_off, extra) = match sd.varsize {
                Some(LlType::Char) => (1, self.field_offset(t, count), self.items_offset(t), 1),
                Some(LlType::Unsigned) => (8, self.field_offset(t, "length"), self.items_offset(t), 0),
                _ => (0, 0, 0, 0),
            };
            rows.push((sd.tid, size, item, length_off, items_off, 0, extra, ptrs, format!("rpy_ptrs{}", sd.tid)));
        }
        // The GC-pointer variants of the runtime's slots and lists.
        let slots_size = self.td.get_abi_size(&self.layouts.get(Types::SLOTS).ty);
        rows.push((Types::TID_SLOTS_GC, slots_size, 8, self.field_offset(Types::SLOTS, "length"), self.items_offset(Types::SLOTS), 1, 0, vec![], String::new()));
        let list_size = self.td.get_abi_size(&self.layouts.get(Types::LIST).ty);
        rows.push((Types::TID_LIST_GC, list_size, 0, 0, 0, 0, 0, vec![self.field_offset(Types::LIST, "items")], "rpy_ptrs_list_gc".into()));
        rows.sort_by_key(|r| r.0);
        let count = rows.iter().map(|r| r.0).max().unwrap_or(0) + 1;
        let mut table: Vec<inkwell::values::StructValue<'ctx>> = (0..count).map(|_| row_type.const_zero()).collect();
        for (tid, size, item, length_off, items_off, items_gc, extra, ptrs, ptrs_name) in rows {
            let offsets = if ptrs.is_empty() {
                i16p.const_null()
            } else {
                let vals: Vec<inkwell::values::IntValue<'ctx>> = ptrs.iter().map(|o| i16t.const_int(*o, false)).collect();
                let init = i16t.const_array(&vals);
                let g = self.module.add_global(init.get_type(), None, &ptrs_name);
                g.set_linkage(Linkage::Internal);
                g.set_constant(true);
                g.set_initializer(&init);
                g.as_pointer_value().const_cast(i16p)
            };
            table[tid as usize] = row_type.const_named_struct(&[
                i32t.const_int(size, false).into(),
                i32t.const_int(item, false).into(),
                i32t.const_int(length_off, false).into(),
                i32t.const_int(items_off, false).into(),
                i8t.const_int(items_gc, false).into(),
                i8t.const_int(extra, false).into(),
                i16t.const_int(ptrs.len() as u64, false).into(),
                offsets.into(),
            ]);
        }
        let init = row_type.const_array(&table);
        let g = self.module.add_global(init.get_type(), None, "rpy_type_info_table");
        g.set_constant(true);
        g.set_initializer(&init);
        let c = self.module.add_global(i32t, None, "rpy_type_count");
        c.set_constant(true);
        c.set_initializer(&i32t.const_int(count as u64, false));
    }

    /// The offset of element `idx` of struct `t`'s LLVM type.
    fn elem_offset(&self, t: TypeRef, idx: u32) -> u64 {
        self.td.offset_of_element(&self.layouts.get(t).ty, idx).unwrap_or(0)
    }

    /// `offsetof(t, name)` for a field of `t` or of its bases (0 when there is none).
    pub(crate) fn field_offset(&self, t: TypeRef, name: &str) -> u64 {
        let mut off = 0;
        let mut cur = t;
        loop {
            let sd = self.p.types.struct_def(cur);
            if let Some(i) = sd.fields.iter().position(|(n, _)| n == name) {
                return match self.layouts.get(cur).fields[i] {
                    Some(idx) => off + self.elem_offset(cur, idx),
                    None => 0,
                };
            }
            match sd.base {
                Some(b) => {
                    off += self.elem_offset(cur, 0);
                    cur = b;
                }
                None => return 0,
            }
        }
    }

    fn items_offset(&self, t: TypeRef) -> u64 {
        self.layouts.get(t).varsize.map_or(0, |idx| self.elem_offset(t, idx))
    }

    /// Offsets of the GC pointers in struct `t` (its bases' first).
    fn ptr_offsets(&self, t: TypeRef, base: u64, out: &mut Vec<u64>) {
        let sd = self.p.types.struct_def(t);
        let layout = self.layouts.get(t);
        if let Some(b) = sd.base {
            self.ptr_offsets(b, base + self.elem_offset(t, 0), out);
        }
        for (i, (_, ft)) in sd.fields.iter().enumerate() {
            if ft.is_gc_ptr(&self.p.types) {
                if let Some(idx) = layout.fields[i] {
                    out.push(base + self.elem_offset(t, idx));
                }
            }
        }
    }

    /// `rpy_locations`: file, function and line of each traceback entry.
    pub fn locations(&self) {
        let ctx = self.ctx;
        let i32t = ctx.i32_type();
        let row_type = ctx.opaque_struct_type("rpy_location");
        row_type.set_body(&[self.layouts.i8p.into(), self.layouts.i8p.into(), i32t.into()], false);
        let mut rows = vec![];
        for l in &self.p.locations {
            let file = self.cstring(l.file.as_bytes());
            let func = self.cstring(l.function.as_bytes());
            rows.push(row_type.const_named_struct(&[file.into(), func.into(), i32t.const_int(l.line as u64, false).into()]));
        }
        if rows.is_empty() {
            let empty = self.cstring(b"");
            rows.push(row_type.const_named_struct(&[empty.into(), empty.into(), i32t.const_zero().into()]));
        }
        let init = row_type.const_array(&rows);
        let g = self.module.add_global(init.get_type(), None, "rpy_locations");
        g.set_constant(true);
        g.set_initializer(&init);
    }
}
