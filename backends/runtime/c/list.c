/* Resizable lists of 8-byte slots, over-allocated as CPython's lists are. */
#include "rpy.h"
#include <stdio.h>

static rpy_slots *new_slots(Signed capacity, bool gc_items) {
    if (capacity < 1) capacity = 1;
    rpy_slots *s = rpy_gc_malloc_varsize(gc_items ? RPY_TID_SLOTS_GC : RPY_TID_SLOTS_RAW, sizeof(rpy_slots), 8, capacity);
    s->length = capacity;
    return s;
}

rpy_list *rpy_list_new(Signed length, bool gc_items) {
    rpy_list *l = rpy_gc_malloc(gc_items ? RPY_TID_LIST_GC : RPY_TID_LIST_RAW, sizeof(rpy_list));
    RPY_ROOT_PUSH(l);
    rpy_slots *items = new_slots(length, gc_items);
    RPY_ROOT_POP(l);
    l->items = items;
    l->length = length;
    return l;
}

void rpy_list_init_static(rpy_list *l, Signed length, bool gc_items) {
    l->hdr.tid = gc_items ? RPY_TID_LIST_GC : RPY_TID_LIST_RAW;
    RPY_WB(l);   /* prebuilt */
    l->items = new_slots(length, gc_items);
    l->length = length;
}

static void raise_index(void) { rpy_raise_simple(RPY_EXC_IndexError, "list index out of range"); }

uint64_t rpy_list_get(rpy_list *l, Signed index) {
    if (index < 0) index += l->length;
    if (RPY_UNLIKELY((Unsigned)index >= (Unsigned)l->length)) { raise_index(); return 0; }
    return l->items->items[index];
}

void rpy_list_set(rpy_list *l, Signed index, uint64_t value) {
    if (index < 0) index += l->length;
    if (RPY_UNLIKELY((Unsigned)index >= (Unsigned)l->length)) {
        rpy_raise_simple(RPY_EXC_IndexError, "list assignment index out of range");
        return;
    }
    RPY_WB_ITEM(l->items, index);
    l->items->items[index] = value;
}

/* Makes room for `newlength` items, growing by about 1/8 as CPython does. */
static void list_resize(rpy_list *l, Signed newlength) {
    if (newlength > l->items->length) {
        Signed cap = newlength + (newlength >> 3) + (newlength < 9 ? 3 : 6);
        RPY_ROOT_PUSH(l);
        rpy_slots *items = new_slots(cap, l->hdr.tid == RPY_TID_LIST_GC);
        RPY_ROOT_POP(l);
        memcpy(items->items, l->items->items, (size_t)l->length * 8);
        RPY_WB(l);
        l->items = items;
    }
    l->length = newlength;
}

void rpy_list_append(rpy_list *l, uint64_t value) {
    Signed n = l->length;
    if (RPY_LIKELY(n < l->items->length)) {
        RPY_WB_ITEM(l->items, n);
        l->items->items[n] = value;
        l->length = n + 1;
        return;
    }
    list_resize(l, n + 1);
    l->items->items[n] = value;   /* new slots */
}

void rpy_check_unpack(Signed length, Signed expected) {
    if (length == expected) return;
    char msg[96];
    if (length > expected) snprintf(msg, sizeof msg, "too many values to unpack (expected %lld)", (long long)expected);
    else snprintf(msg, sizeof msg, "not enough values to unpack (expected %lld, got %lld)", (long long)expected, (long long)length);
    rpy_raise_simple(RPY_EXC_ValueError, msg);
}
