/* Dicts, sets, list operations and sorting. See containers.h for the data layout and the
 * equality rules of each RPY_KIND_*.
 *
 * GC safety: functions keep the GC pointers they still need in roots across allocations and
 * across calls of user functions (RPY_KIND_CUSTOM hash/eq/lt, which may allocate), and
 * re-read a container's arrays after such calls. User code that changes the dict being
 * probed makes the probe start over, as CPython's does. */
#include "rpy.h"
#include "rpy_ops.h"
#include <stdio.h>
#include <stdlib.h>

#define DELETED RPY_DICT_DELETED
#define IX_EMPTY ((uint64_t)(Signed)-1)
#define IX_DUMMY ((uint64_t)(Signed)-2)
#define MIN_SIZE 8

/* A slot variable that may hold a GC pointer (when gc), kept in a root across an allocation
 * or a call: the collector updates the variable itself. */
#define SLOT_ROOT_PUSH(gc, slot, var) \
    bool var = (gc); \
    if (var) RPY_ROOT_PUSH(slot)
#define SLOT_ROOT_POP(gc, slot, var) \
    if (var) RPY_ROOT_POP(slot)

static rpy_slots *slots_new(Signed n, bool gc) {
    if (n < 1) n = 1;
    rpy_slots *s = rpy_gc_malloc_varsize(gc ? RPY_TID_SLOTS_GC : RPY_TID_SLOTS_RAW, sizeof(rpy_slots), 8, n);
    s->length = n;
    return s;
}

static inline bool slots_gc(const rpy_slots *s) { return s->hdr.tid == RPY_TID_SLOTS_GC; }
static inline bool list_gc(const rpy_list *l) { return l->hdr.tid == RPY_TID_LIST_GC; }

static void raise_memory(void) { rpy_raise_simple(RPY_EXC_MemoryError, ""); }

/* ------------------------------------------------------------------ equality, order, hash */

static Signed bytes_hash(rpy_bytes *b) {
    if (b->hash) return b->hash;
    uint64_t h = 14695981039346656037ull;
    for (Signed i = 0; i < b->length; i++) { h ^= (unsigned char)b->data[i]; h *= 1099511628211ull; }
    Signed r = (Signed)h;
    if (r == 0 || r == -1) r = -2;
    b->hash = r;
    return r;
}

static inline bool bytes_eq(rpy_bytes *a, rpy_bytes *b) {
    if (a == b) return true;
    if (!a || !b) return false;
    return a->length == b->length && memcmp(a->data, b->data, (size_t)a->length) == 0;
}

static inline Signed bytes_cmp(rpy_bytes *a, rpy_bytes *b) {
    Signed n = a->length < b->length ? a->length : b->length;
    int c = memcmp(a->data, b->data, (size_t)n);
    if (c) return c < 0 ? -1 : 1;
    return a->length < b->length ? -1 : a->length > b->length ? 1 : 0;
}

#define AS_STR(x) ((rpy_str *)(uintptr_t)(x))
#define AS_BYTES(x) ((rpy_bytes *)(uintptr_t)(x))

bool rpy_slot_eq(Signed kind, bool (*eq)(uint64_t, uint64_t), uint64_t a, uint64_t b) {
    if (a == b) return true;   /* identity, or the same float bits (NaN) */
    switch (kind) {
    case RPY_KIND_FLOAT: return rpy_slot_to_float(a) == rpy_slot_to_float(b);
    case RPY_KIND_STR: return rpy_str_eq(AS_STR(a), AS_STR(b));
    case RPY_KIND_BYTES: return bytes_eq(AS_BYTES(a), AS_BYTES(b));
    case RPY_KIND_CUSTOM: return eq ? eq(a, b) : false;
    default: return false;
    }
}

bool rpy_slot_lt(Signed kind, bool (*lt)(uint64_t, uint64_t), uint64_t a, uint64_t b) {
    switch (kind) {
    case RPY_KIND_INT: return (Signed)a < (Signed)b;
    case RPY_KIND_FLOAT: return rpy_slot_to_float(a) < rpy_slot_to_float(b);
    case RPY_KIND_STR: return rpy_str_cmp(AS_STR(a), AS_STR(b)) < 0;
    case RPY_KIND_BYTES: return bytes_cmp(AS_BYTES(a), AS_BYTES(b)) < 0;
    case RPY_KIND_CUSTOM: return lt(a, b);
    default: return a < b;   /* UINT, CHAR, PTR */
    }
}

/* A bijective 64-bit mixer: consecutive or strided ints spread over the whole table. */
static inline uint64_t mix64(uint64_t x) {
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ull;
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ull;
    x ^= x >> 32;
    return x;
}

static inline uint64_t fix_hash(uint64_t h) { return RPY_UNLIKELY(h == DELETED) ? 0x2545f4914f6cdd1dull : h; }

/* The hash of a key of a non-CUSTOM kind (never DELETED). */
static inline uint64_t hash_plain(Signed kind, uint64_t key) {
    switch (kind) {
    case RPY_KIND_FLOAT:
        if (rpy_slot_to_float(key) == 0.0) key = 0;   /* -0.0 == 0.0 */
        return fix_hash(mix64(key));
    case RPY_KIND_STR:
        return key ? fix_hash((uint64_t)rpy_str_hash(AS_STR(key))) : 0x9e3779b97f4a7c15ull;
    case RPY_KIND_BYTES:
        return key ? fix_hash((uint64_t)bytes_hash(AS_BYTES(key))) : 0x9e3779b97f4a7c15ull;
    case RPY_KIND_PTR:   /* identity: stable even if the object moves */
        return fix_hash(mix64(rpy_gc_identity(key)));
    default:   /* INT, UINT, CHAR */
        return fix_hash(mix64(key));
    }
}

/* hash() of one slot of a plain kind, for hashing tuples and floats in generated code. */
Signed rpy_slot_hash(Signed kind, uint64_t slot) { return (Signed)hash_plain(kind, slot); }

/* ------------------------------------------------------------------ dict tables */

/* index: `size` positions (a power of two) and, after them, the number in use. */
static inline Signed index_size(const rpy_slots *index) { return index->length - 1; }
static inline Signed usable(Signed size) { return size * 2 / 3; }

static rpy_slots *index_new(Signed size) {
    rpy_slots *ix = slots_new(size + 1, false);
    memset(ix->items, 0xff, (size_t)size * 8);   /* all IX_EMPTY */
    ix->items[size] = 0;
    return ix;
}

/* Smallest table for n entries with room to grow as much again. */
static Signed size_for_growth(Signed n) {
    Signed s = MIN_SIZE;
    while (s < 3 * n) s <<= 1;
    return s;
}

/* Smallest table holding n entries without a rebuild. */
static Signed size_for_items(Signed n) {
    Signed s = MIN_SIZE;
    while (usable(s) < n) s <<= 1;
    return s;
}

/* Puts entry number e of hash h at the first free position of idx (no key compared). */
static inline uint64_t index_put(uint64_t *idx, uint64_t mask, uint64_t h, Signed e) {
    uint64_t i = h & mask, perturb = h;
    while ((Signed)idx[i] >= 0) {
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
    idx[i] = (uint64_t)e;
    return i;
}

/* Allocates d's tables for `size` positions, empty. */
static void tables_alloc(rpy_dict *d, Signed size, bool kgc, bool has_values, bool vgc) {
    Signed cap = usable(size);
    RPY_ROOT_PUSH(d);
    rpy_slots *hashes = slots_new(cap, false);
    RPY_ROOT_PUSH(hashes);
    rpy_slots *keys = slots_new(cap, kgc);
    RPY_ROOT_PUSH(keys);
    rpy_slots *values = has_values ? slots_new(cap, vgc) : NULL;
    RPY_ROOT_PUSH(values);
    rpy_slots *index = index_new(size);
    RPY_ROOT_POP(values);
    RPY_ROOT_POP(keys);
    RPY_ROOT_POP(hashes);
    RPY_ROOT_POP(d);
    RPY_WB(d);
    d->hashes = hashes;
    d->keys = keys;
    d->values = values;
    d->index = index;
    d->length = 0;
    d->used = 0;
}

/* Gives dst new tables of `size` positions holding src's live entries, in order (dst may be
 * src: a rebuild). dst and src have the same kind. */
static void dict_build(rpy_dict *dst, rpy_dict *src, Signed size) {
    bool kgc = slots_gc(src->keys), has_values = src->values != NULL;
    bool vgc = has_values && slots_gc(src->values);
    rpy_slots *oh = src->hashes, *ok = src->keys, *ov = src->values;
    Signed used = src->used;
    RPY_ROOT_PUSH(src);
    RPY_ROOT_PUSH(oh);
    RPY_ROOT_PUSH(ok);
    RPY_ROOT_PUSH(ov);
    tables_alloc(dst, size, kgc, has_values, vgc);
    RPY_ROOT_POP(ov);
    RPY_ROOT_POP(ok);
    RPY_ROOT_POP(oh);
    RPY_ROOT_POP(src);
    uint64_t *hs = dst->hashes->items, *ks = dst->keys->items, *vs = has_values ? dst->values->items : NULL;
    uint64_t *idx = dst->index->items, mask = (uint64_t)size - 1;
    Signed n = 0;
    for (Signed e = 0; e < used; e++) {
        uint64_t h = oh->items[e];
        if (h == DELETED) continue;
        hs[n] = h;
        ks[n] = ok->items[e];
        if (vs) vs[n] = ov->items[e];
        index_put(idx, mask, h, n);
        n++;
    }
    idx[size] = (uint64_t)n;
    dst->used = n;
    dst->length = n;
}

rpy_dict *rpy_dict_new(Signed keykind, bool keys_gc, bool values_gc, bool is_set,
                       Signed (*hash)(uint64_t), bool (*eq)(uint64_t, uint64_t)) {
    rpy_dict *d = rpy_gc_malloc(RPY_TID_DICT, sizeof(rpy_dict));
    d->keykind = keykind;
    d->hash = hash;
    d->eq = eq;
    tables_alloc(d, MIN_SIZE, keys_gc, !is_set, values_gc);
    return d;
}

/* A new empty dict like d (kind, functions, slot kinds) for n entries. */
static rpy_dict *dict_new_like(rpy_dict *d, Signed n) {
    RPY_ROOT_PUSH(d);
    rpy_dict *r = rpy_gc_malloc(RPY_TID_DICT, sizeof(rpy_dict));
    RPY_ROOT_POP(d);
    r->keykind = d->keykind;
    r->hash = d->hash;
    r->eq = d->eq;
    bool kgc = slots_gc(d->keys), has_values = d->values != NULL, vgc = has_values && slots_gc(d->values);
    RPY_ROOT_PUSH(d);
    tables_alloc(r, size_for_items(n), kgc, has_values, vgc);
    RPY_ROOT_POP(d);
    return r;
}

/* ------------------------------------------------------------------ probing */

/* The hash of key in d; may call user code (check rpy_exc_occurred() for CUSTOM). */
static inline uint64_t dict_hash(rpy_dict *d, uint64_t key) {
    if (RPY_LIKELY(d->keykind != RPY_KIND_CUSTOM)) return hash_plain(d->keykind, key);
    return fix_hash((uint64_t)d->hash(key));
}

/* Probe loop: on a match returns the entry number with *posp its index position; else -1
 * with *posp the position where the key would go (the first deleted one or the empty one
 * ending the probe). */
#define PROBE(MATCH)                                                                  \
    do {                                                                              \
        uint64_t i = h & mask, perturb = h;                                           \
        Signed freepos = -1;                                                          \
        for (;;) {                                                                    \
            Signed ix = (Signed)idx[i];                                               \
            if (ix >= 0) {                                                            \
                if (MATCH) { *posp = i; return ix; }                                  \
            } else if (ix == -1) {                                                    \
                *posp = freepos >= 0 ? (uint64_t)freepos : i;                         \
                return -1;                                                            \
            } else if (freepos < 0) {                                                 \
                freepos = (Signed)i;                                                  \
            }                                                                         \
            perturb >>= 5;                                                            \
            i = (i * 5 + perturb + 1) & mask;                                         \
        }                                                                             \
    } while (0)

static Signed find_custom(rpy_dict *d, uint64_t key, uint64_t h, uint64_t *posp) {
    bool kgc = slots_gc(d->keys);
restart:;
    rpy_slots *index = d->index;
    uint64_t mask = (uint64_t)index_size(index) - 1;
    uint64_t i = h & mask, perturb = h;
    Signed freepos = -1;
    for (;;) {
        Signed ix = (Signed)index->items[i];
        if (ix >= 0) {
            if (d->hashes->items[ix] == h) {
                uint64_t sk = d->keys->items[ix];
                if (sk == key) { *posp = i; return ix; }
                /* index, keys_before and sk are roots too, so that the test below compares
                 * identities (a collection moving them is no change to start over for). */
                rpy_slots *keys_before = d->keys;
                RPY_ROOT_PUSH(d);
                SLOT_ROOT_PUSH(kgc, key, kroot);
                RPY_ROOT_PUSH(index);
                RPY_ROOT_PUSH(keys_before);
                SLOT_ROOT_PUSH(kgc, sk, skroot);
                bool r = d->eq(sk, key);
                SLOT_ROOT_POP(kgc, sk, skroot);
                RPY_ROOT_POP(keys_before);
                RPY_ROOT_POP(index);
                SLOT_ROOT_POP(kgc, key, kroot);
                RPY_ROOT_POP(d);
                if (rpy_exc_occurred()) { *posp = 0; return -1; }
                if (d->index != index || d->keys != keys_before || d->keys->items[ix] != sk) goto restart;
                if (r) { *posp = i; return ix; }
            }
        } else if (ix == -1) {
            *posp = freepos >= 0 ? (uint64_t)freepos : i;
            return -1;
        } else if (freepos < 0) {
            freepos = (Signed)i;
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* Looks key (of hash h) up in d: entry number or -1 (CUSTOM: check rpy_exc_occurred()). */
static Signed find(rpy_dict *d, uint64_t key, uint64_t h, uint64_t *posp) {
    const uint64_t *idx = d->index->items;
    uint64_t mask = (uint64_t)index_size(d->index) - 1;
    const uint64_t *keys = d->keys->items, *hs = d->hashes->items;
    switch (d->keykind) {
    case RPY_KIND_CUSTOM:
        return find_custom(d, key, h, posp);
    case RPY_KIND_FLOAT:
        PROBE(keys[ix] == key || (hs[ix] == h && rpy_slot_to_float(keys[ix]) == rpy_slot_to_float(key)));
    case RPY_KIND_STR:
        PROBE(keys[ix] == key || (hs[ix] == h && rpy_str_eq(AS_STR(keys[ix]), AS_STR(key))));
    case RPY_KIND_BYTES:
        PROBE(keys[ix] == key || (hs[ix] == h && bytes_eq(AS_BYTES(keys[ix]), AS_BYTES(key))));
    default:   /* INT, UINT, CHAR, PTR: equal keys are equal slots */
        PROBE(keys[ix] == key);
    }
}

/* The index position holding entry e (of hash h). */
static uint64_t position_of_entry(rpy_dict *d, uint64_t h, Signed e) {
    const uint64_t *idx = d->index->items;
    uint64_t mask = (uint64_t)index_size(d->index) - 1;
    uint64_t i = h & mask, perturb = h;
    while ((Signed)idx[i] != e) {
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
    return i;
}

/* Appends a new entry for key (absent from d; pos from find() on d's current tables). */
static void insert_new(rpy_dict *d, uint64_t key, uint64_t value, uint64_t h, uint64_t pos) {
    rpy_slots *index = d->index;
    Signed size = index_size(index);
    if (RPY_UNLIKELY(d->used >= d->hashes->length ||
                     (index->items[pos] == IX_EMPTY && (Signed)index->items[size] >= usable(size)))) {
        bool kgc = slots_gc(d->keys), vgc = d->values && slots_gc(d->values);
        RPY_ROOT_PUSH(d);
        SLOT_ROOT_PUSH(kgc, key, kroot);
        SLOT_ROOT_PUSH(vgc, value, vroot);
        dict_build(d, d, size_for_growth(d->length + 1));
        SLOT_ROOT_POP(vgc, value, vroot);
        SLOT_ROOT_POP(kgc, key, kroot);
        RPY_ROOT_POP(d);
        index = d->index;
        size = index_size(index);
        uint64_t i = h & (uint64_t)(size - 1), perturb = h;
        while ((Signed)index->items[i] >= 0) {
            perturb >>= 5;
            i = (i * 5 + perturb + 1) & (uint64_t)(size - 1);
        }
        pos = i;
    }
    Signed e = d->used;
    if (index->items[pos] == IX_EMPTY) index->items[size]++;
    index->items[pos] = (uint64_t)e;
    d->hashes->items[e] = h;
    RPY_WB_ITEM(d->keys, e);
    d->keys->items[e] = key;
    if (d->values) {
        RPY_WB_ITEM(d->values, e);
        d->values->items[e] = value;
    }
    d->used = e + 1;
    d->length++;
}

/* Inserts key, known to be absent from d and d having no deleted positions in its probe
 * chain (a dict being built): no comparison. */
static void insert_unique(rpy_dict *d, uint64_t key, uint64_t value, uint64_t h) {
    rpy_slots *index = d->index;
    uint64_t mask = (uint64_t)index_size(index) - 1;
    uint64_t i = h & mask, perturb = h;
    while ((Signed)index->items[i] >= 0) {
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
    insert_new(d, key, value, h, i);
}

static void delete_entry(rpy_dict *d, uint64_t pos, Signed e) {
    d->index->items[pos] = IX_DUMMY;
    d->hashes->items[e] = DELETED;
    d->keys->items[e] = 0;
    if (d->values) d->values->items[e] = 0;
    d->length--;
    if (e == d->used - 1) {   /* the last entry: popitem stays O(1) */
        const uint64_t *hs = d->hashes->items;
        while (e > 0 && hs[e - 1] == DELETED) e--;
        d->used = e;
    }
}

/* ------------------------------------------------------------------ dict API */

Signed rpy_dict_lookup(rpy_dict *d, uint64_t key) {
    uint64_t pos;
    if (RPY_LIKELY(d->keykind != RPY_KIND_CUSTOM)) return find(d, key, hash_plain(d->keykind, key), &pos);
    bool kgc = slots_gc(d->keys);
    RPY_ROOT_PUSH(d);
    SLOT_ROOT_PUSH(kgc, key, kroot);
    uint64_t h = dict_hash(d, key);
    SLOT_ROOT_POP(kgc, key, kroot);
    RPY_ROOT_POP(d);
    if (rpy_exc_occurred()) return -1;
    return find_custom(d, key, h, &pos);
}

void rpy_dict_setitem(rpy_dict *d, uint64_t key, uint64_t value) {
    uint64_t pos;
    Signed ix;
    uint64_t h;
    if (RPY_LIKELY(d->keykind != RPY_KIND_CUSTOM)) {
        h = hash_plain(d->keykind, key);
        ix = find(d, key, h, &pos);
    } else {
        bool kgc = slots_gc(d->keys), vgc = d->values && slots_gc(d->values);
        RPY_ROOT_PUSH(d);
        SLOT_ROOT_PUSH(kgc, key, kroot);
        SLOT_ROOT_PUSH(vgc, value, vroot);
        h = dict_hash(d, key);
        ix = rpy_exc_occurred() ? -1 : find_custom(d, key, h, &pos);
        SLOT_ROOT_POP(vgc, value, vroot);
        SLOT_ROOT_POP(kgc, key, kroot);
        RPY_ROOT_POP(d);
        if (rpy_exc_occurred()) return;
    }
    if (ix >= 0) {
        if (d->values) {
            RPY_WB_ITEM(d->values, ix);
            d->values->items[ix] = value;
        }
        return;
    }
    insert_new(d, key, value, h, pos);
}

bool rpy_dict_delitem(rpy_dict *d, uint64_t key) {
    uint64_t pos;
    Signed ix;
    if (RPY_LIKELY(d->keykind != RPY_KIND_CUSTOM)) {
        ix = find(d, key, hash_plain(d->keykind, key), &pos);
    } else {
        bool kgc = slots_gc(d->keys);
        RPY_ROOT_PUSH(d);
        SLOT_ROOT_PUSH(kgc, key, kroot);
        uint64_t h = dict_hash(d, key);
        ix = rpy_exc_occurred() ? -1 : find_custom(d, key, h, &pos);
        SLOT_ROOT_POP(kgc, key, kroot);
        RPY_ROOT_POP(d);
    }
    if (ix < 0) return false;
    delete_entry(d, pos, ix);
    return true;
}

uint64_t rpy_dict_key_at(rpy_dict *d, Signed entry) { return d->keys->items[entry]; }
uint64_t rpy_dict_value_at(rpy_dict *d, Signed entry) { return d->values->items[entry]; }
void rpy_dict_set_value_at(rpy_dict *d, Signed entry, uint64_t value) {
    RPY_WB_ITEM(d->values, entry);
    d->values->items[entry] = value;
}

Signed rpy_dict_next(rpy_dict *d, Signed entry) {
    if (entry < 0) entry = 0;
    Signed used = d->used;
    const uint64_t *hs = d->hashes->items;
    for (; entry < used; entry++)
        if (hs[entry] != DELETED) return entry;
    return -1;
}

/* The live entry before entry e, or -1. */
Signed rpy_dict_prev(rpy_dict *d, Signed e) {
    const uint64_t *hs = d->hashes->items;
    for (e--; e >= 0; e--)
        if (hs[e] != DELETED) return e;
    return -1;
}

Signed rpy_dict_last(rpy_dict *d) {
    const uint64_t *hs = d->hashes->items;
    for (Signed e = d->used - 1; e >= 0; e--)
        if (hs[e] != DELETED) return e;
    return -1;
}

void rpy_dict_clear(rpy_dict *d) {
    if (d->used == 0 && index_size(d->index) == MIN_SIZE) {
        /* nothing to drop; reset the deleted positions */
        memset(d->index->items, 0xff, MIN_SIZE * 8);
        d->index->items[MIN_SIZE] = 0;
        return;
    }
    bool kgc = slots_gc(d->keys), has_values = d->values != NULL, vgc = has_values && slots_gc(d->values);
    tables_alloc(d, MIN_SIZE, kgc, has_values, vgc);
}

rpy_dict *rpy_dict_copy(rpy_dict *d) {
    RPY_ROOT_PUSH(d);
    rpy_dict *r = rpy_gc_malloc(RPY_TID_DICT, sizeof(rpy_dict));
    RPY_ROOT_POP(d);
    r->keykind = d->keykind;
    r->hash = d->hash;
    r->eq = d->eq;
    Signed size = size_for_growth(d->length);
    if (index_size(d->index) < size) size = index_size(d->index);
    RPY_ROOT_PUSH(r);
    dict_build(r, d, size);
    RPY_ROOT_POP(r);
    return r;
}

/* d[k] = v (or d.add(k)) for each entry of other, in order, reusing other's hashes. Returns
 * d, which user code (custom __eq__) may have moved: callers holding d use the result. */
static rpy_dict *merge_into(rpy_dict *d, rpy_dict *other) {
    if (d == other) return d;
    bool custom = d->keykind == RPY_KIND_CUSTOM;
    bool kgc = slots_gc(other->keys), vgc = other->values && slots_gc(other->values);
    RPY_ROOT_PUSH(d);
    RPY_ROOT_PUSH(other);
    for (Signed e = 0; e < other->used; e++) {
        uint64_t h = other->hashes->items[e];
        if (h == DELETED) continue;
        /* key and value are held across user code (which may change other), as CPython
         * holds them */
        uint64_t key = other->keys->items[e];
        uint64_t value = other->values ? other->values->items[e] : 0;
        SLOT_ROOT_PUSH(kgc, key, kroot);
        SLOT_ROOT_PUSH(vgc, value, vroot);
        uint64_t pos;
        Signed ix = find(d, key, h, &pos);
        SLOT_ROOT_POP(vgc, value, vroot);
        SLOT_ROOT_POP(kgc, key, kroot);
        if (custom && rpy_exc_occurred()) break;
        if (ix >= 0) {
            if (d->values) {
                RPY_WB_ITEM(d->values, ix);
                d->values->items[ix] = value;
            }
        } else {
            insert_new(d, key, value, h, pos);
        }
    }
    RPY_ROOT_POP(other);
    RPY_ROOT_POP(d);
    return d;
}

void rpy_dict_update(rpy_dict *d, rpy_dict *other) { merge_into(d, other); }

bool rpy_dict_eq(rpy_dict *a, rpy_dict *b, Signed valuekind, bool (*value_eq)(uint64_t, uint64_t)) {
    if (a == b) return true;
    if (!a || !b) return false;   /* one of them is None */
    if (a->length != b->length) return false;
    bool result = true, vgc = a->values && slots_gc(a->values);
    RPY_ROOT_PUSH(a);
    RPY_ROOT_PUSH(b);
    for (Signed e = 0; e < a->used; e++) {
        uint64_t h = a->hashes->items[e];
        if (h == DELETED) continue;
        /* a's value is held across user code (which may change a), as CPython holds it */
        uint64_t value = a->values ? a->values->items[e] : 0;
        SLOT_ROOT_PUSH(vgc, value, vroot);
        uint64_t pos;
        Signed ix = find(b, a->keys->items[e], h, &pos);
        SLOT_ROOT_POP(vgc, value, vroot);
        if (rpy_exc_occurred()) { result = false; break; }
        if (ix < 0) { result = false; break; }
        if (a->values && b->values) {
            bool same = rpy_slot_eq(valuekind, value_eq, value, b->values->items[ix]);
            if (rpy_exc_occurred() || !same) { result = false; break; }
        }
        if (a->length != b->length) { result = false; break; }   /* changed by user code */
    }
    RPY_ROOT_POP(b);
    RPY_ROOT_POP(a);
    return result;
}

/* ------------------------------------------------------------------ sets */

/* Adds to r the elements of a that are (want_in) / are not in b, in a's order. Returns r,
 * which user code may have moved (as merge_into). */
static rpy_dict *filter_into(rpy_dict *r, rpy_dict *a, rpy_dict *b, bool want_in) {
    RPY_ROOT_PUSH(r);
    RPY_ROOT_PUSH(a);
    RPY_ROOT_PUSH(b);
    bool kgc = slots_gc(a->keys);
    for (Signed e = 0; e < a->used; e++) {
        uint64_t h = a->hashes->items[e];
        if (h == DELETED) continue;
        uint64_t key = a->keys->items[e];   /* held across user code, which may change a */
        SLOT_ROOT_PUSH(kgc, key, kroot);
        uint64_t pos;
        Signed ix = find(b, key, h, &pos);
        SLOT_ROOT_POP(kgc, key, kroot);
        if (rpy_exc_occurred()) break;
        if ((ix >= 0) == want_in) insert_unique(r, key, 0, h);
    }
    RPY_ROOT_POP(b);
    RPY_ROOT_POP(a);
    RPY_ROOT_POP(r);
    return r;
}

rpy_dict *rpy_set_union(rpy_dict *a, rpy_dict *b) {
    RPY_ROOT_PUSH(b);
    rpy_dict *r = rpy_dict_copy(a);
    RPY_ROOT_POP(b);
    r = merge_into(r, b);
    return rpy_exc_occurred() ? NULL : r;
}

/* A new empty set like *a for n elements; *a and *b (the caller's variables) are roots
 * across the allocation. */
static rpy_dict *set_new_like(rpy_dict **a, rpy_dict **b, Signed n) {
    (void)b;   /* only roots use it, and they are nothing without a moving collector */
    RPY_ROOT_PUSH(*a);
    RPY_ROOT_PUSH(*b);
    rpy_dict *r = dict_new_like(*a, n);
    RPY_ROOT_POP(*b);
    RPY_ROOT_POP(*a);
    return r;
}

rpy_dict *rpy_set_intersection(rpy_dict *a, rpy_dict *b) {
    rpy_dict *r = set_new_like(&a, &b, a->length < b->length ? a->length : b->length);
    r = filter_into(r, a, b, true);
    return rpy_exc_occurred() ? NULL : r;
}

rpy_dict *rpy_set_difference(rpy_dict *a, rpy_dict *b) {
    rpy_dict *r = set_new_like(&a, &b, a->length);
    r = filter_into(r, a, b, false);
    return rpy_exc_occurred() ? NULL : r;
}

rpy_dict *rpy_set_symmetric_difference(rpy_dict *a, rpy_dict *b) {
    rpy_dict *r = set_new_like(&a, &b, a->length + b->length);
    RPY_ROOT_PUSH(a);
    RPY_ROOT_PUSH(b);
    r = filter_into(r, a, b, false);
    if (!rpy_exc_occurred()) r = filter_into(r, b, a, false);
    RPY_ROOT_POP(b);
    RPY_ROOT_POP(a);
    return rpy_exc_occurred() ? NULL : r;
}

/* Whether every element of a is in b. */
static bool all_in(rpy_dict *a, rpy_dict *b) {
    bool result = true;
    RPY_ROOT_PUSH(a);
    RPY_ROOT_PUSH(b);
    for (Signed e = 0; e < a->used; e++) {
        uint64_t h = a->hashes->items[e];
        if (h == DELETED) continue;
        uint64_t pos;
        Signed ix = find(b, a->keys->items[e], h, &pos);
        if (ix < 0 || rpy_exc_occurred()) { result = false; break; }
    }
    RPY_ROOT_POP(b);
    RPY_ROOT_POP(a);
    return result;
}

bool rpy_set_issubset(rpy_dict *a, rpy_dict *b) {
    if (a->length > b->length) return false;
    if (a == b) return true;
    return all_in(a, b);
}

bool rpy_set_isdisjoint(rpy_dict *a, rpy_dict *b) {
    if (a->length > b->length) { rpy_dict *t = a; a = b; b = t; }
    if (a->length == 0) return true;
    if (a == b) return false;
    bool result = true;
    RPY_ROOT_PUSH(a);
    RPY_ROOT_PUSH(b);
    for (Signed e = 0; e < a->used; e++) {
        uint64_t h = a->hashes->items[e];
        if (h == DELETED) continue;
        uint64_t pos;
        Signed ix = find(b, a->keys->items[e], h, &pos);
        if (rpy_exc_occurred()) { result = false; break; }
        if (ix >= 0) { result = false; break; }
    }
    RPY_ROOT_POP(b);
    RPY_ROOT_POP(a);
    return result;
}

void rpy_set_update(rpy_dict *a, rpy_dict *b) { merge_into(a, b); }

/* Deletes from a its elements that are (drop_in) / are not in b. */
static void remove_from(rpy_dict *a, rpy_dict *b, bool drop_in) {
    RPY_ROOT_PUSH(a);
    RPY_ROOT_PUSH(b);
    for (Signed e = 0; e < a->used; e++) {
        uint64_t h = a->hashes->items[e];
        if (h == DELETED) continue;
        uint64_t pos;
        Signed ix = find(b, a->keys->items[e], h, &pos);
        if (rpy_exc_occurred()) break;
        /* user code may have changed a: entry e still there? */
        if ((ix >= 0) == drop_in && e < a->used && a->hashes->items[e] == h)
            delete_entry(a, position_of_entry(a, h, e), e);
    }
    RPY_ROOT_POP(b);
    RPY_ROOT_POP(a);
}

void rpy_set_intersection_update(rpy_dict *a, rpy_dict *b) {
    if (a == b) return;
    remove_from(a, b, false);
}

void rpy_set_difference_update(rpy_dict *a, rpy_dict *b) {
    if (a == b) { rpy_dict_clear(a); return; }
    if (b->length < a->length / 4) {
        /* b small: delete b's elements one by one */
        RPY_ROOT_PUSH(a);
        RPY_ROOT_PUSH(b);
        for (Signed e = 0; e < b->used; e++) {
            uint64_t h = b->hashes->items[e];
            if (h == DELETED) continue;
            uint64_t pos;
            Signed ix = find(a, b->keys->items[e], h, &pos);
            if (rpy_exc_occurred()) break;
            if (ix >= 0) delete_entry(a, pos, ix);
        }
        RPY_ROOT_POP(b);
        RPY_ROOT_POP(a);
        return;
    }
    remove_from(a, b, true);
}

rpy_dict *rpy_set_from_list(rpy_list *l, Signed keykind, bool keys_gc, Signed (*hash)(uint64_t),
                            bool (*eq)(uint64_t, uint64_t)) {
    RPY_ROOT_PUSH(l);
    rpy_dict *d = rpy_gc_malloc(RPY_TID_DICT, sizeof(rpy_dict));
    d->keykind = keykind;
    d->hash = hash;
    d->eq = eq;
    tables_alloc(d, size_for_items(l->length), keys_gc, false, false);
    RPY_ROOT_POP(l);
    RPY_ROOT_PUSH(l);
    RPY_ROOT_PUSH(d);
    for (Signed i = 0; i < l->length; i++) {
        rpy_dict_setitem(d, l->items->items[i], 0);
        if (rpy_exc_occurred()) break;
    }
    RPY_ROOT_POP(d);
    RPY_ROOT_POP(l);
    return rpy_exc_occurred() ? NULL : d;
}

static rpy_list *entries_list(rpy_dict *d, bool values) {
    rpy_slots *src = values ? d->values : d->keys;
    RPY_ROOT_PUSH(d);
    rpy_list *r = rpy_list_new(d->length, slots_gc(src));
    RPY_ROOT_POP(d);
    src = values ? d->values : d->keys;
    uint64_t *out = r->items->items;
    const uint64_t *hs = d->hashes->items;
    Signed n = 0;
    for (Signed e = 0; e < d->used; e++)
        if (hs[e] != DELETED) out[n++] = src->items[e];
    return r;
}

rpy_list *rpy_dict_keys_list(rpy_dict *d) { return entries_list(d, false); }
rpy_list *rpy_dict_values_list(rpy_dict *d) { return entries_list(d, true); }

/* ------------------------------------------------------------------ lists */

/* Sets l's length to newlength >= length, growing its slots like list.c does. */
static void list_grow(rpy_list *l, Signed newlength) {
    if (newlength > l->items->length) {
        Signed cap = newlength + (newlength >> 3) + (newlength < 9 ? 3 : 6);
        RPY_ROOT_PUSH(l);
        rpy_slots *items = slots_new(cap, list_gc(l));
        RPY_ROOT_POP(l);
        memcpy(items->items, l->items->items, (size_t)l->length * 8);
        RPY_WB(l);
        l->items = items;
    }
    l->length = newlength;
}

/* Sets l's length to newlength <= length: clears the dropped slots, and gives memory back
 * when less than a quarter of it is used. */
static void list_shrink(rpy_list *l, Signed newlength) {
    memset(l->items->items + newlength, 0, (size_t)(l->length - newlength) * 8);
    l->length = newlength;
    Signed cap = l->items->length;
    if (cap > 32 && newlength < cap / 4) {
        RPY_ROOT_PUSH(l);
        rpy_slots *items = slots_new(newlength + (newlength >> 3) + 6, list_gc(l));
        RPY_ROOT_POP(l);
        memcpy(items->items, l->items->items, (size_t)newlength * 8);
        RPY_WB(l);
        l->items = items;
    }
}

/* The length of slice start:stop:step of a sequence of n items; adjusts start (and stop). */
static Signed slice_adjust(Signed n, Signed *startp, Signed *stopp, Signed step, bool has_start, bool has_stop) {
    Signed start = *startp, stop = *stopp;
    if (has_start) {
        if (start < 0) {
            start += n;
            if (start < 0) start = step < 0 ? -1 : 0;
        } else if (start >= n) {
            start = step < 0 ? n - 1 : n;
        }
    } else {
        start = step < 0 ? n - 1 : 0;
    }
    if (has_stop) {
        if (stop < 0) {
            stop += n;
            if (stop < 0) stop = step < 0 ? -1 : 0;
        } else if (stop >= n) {
            stop = step < 0 ? n - 1 : n;
        }
    } else {
        stop = step < 0 ? -1 : n;
    }
    *startp = start;
    *stopp = stop;
    if (step < 0) return stop < start ? (start - stop - 1) / (-step) + 1 : 0;
    return start < stop ? (stop - start - 1) / step + 1 : 0;
}

/* Bounds of a step-1 slice: 0 <= *startp <= *stopp <= n. */
static void slice_bounds(Signed n, Signed *startp, Signed *stopp, bool has_start, bool has_stop) {
    Signed start = *startp, stop = *stopp;
    if (!has_start) start = 0;
    else if (start < 0) { start += n; if (start < 0) start = 0; }
    else if (start > n) start = n;
    if (!has_stop) stop = n;
    else if (stop < 0) { stop += n; if (stop < 0) stop = 0; }
    else if (stop > n) stop = n;
    if (stop < start) stop = start;
    *startp = start;
    *stopp = stop;
}

rpy_list *rpy_list_slice(rpy_list *l, Signed start, Signed stop, Signed step, bool has_start, bool has_stop) {
    if (step == 0) {
        rpy_raise_simple(RPY_EXC_ValueError, "slice step cannot be zero");
        return NULL;
    }
    if (step < -INT64_MAX) step = -INT64_MAX;   /* as CPython clamps it */
    Signed len = slice_adjust(l->length, &start, &stop, step, has_start, has_stop);
    RPY_ROOT_PUSH(l);
    rpy_list *r = rpy_list_new(len, list_gc(l));
    RPY_ROOT_POP(l);
    if (len == 0) return r;
    const uint64_t *in = l->items->items;
    uint64_t *out = r->items->items;
    if (step == 1) {
        memcpy(out, in + start, (size_t)len * 8);
        return r;
    }
    Signed cur = start;
    for (Signed i = 0;;) {
        out[i] = in[cur];
        if (++i == len) break;
        cur += step;
    }
    return r;
}

void rpy_list_setslice(rpy_list *l, Signed start, Signed stop, bool has_start, bool has_stop, rpy_list *src) {
    Signed n = l->length;
    slice_bounds(n, &start, &stop, has_start, has_stop);
    /* When src is l: m == n, so delta >= 0 and moving the tail leaves l's first n items
     * alone; they are then copied (overlapping: memmove) into place. */
    Signed m = src->length, delta = m - (stop - start);
    RPY_ROOT_PUSH(l);
    RPY_ROOT_PUSH(src);
    if (delta > 0) {
        list_grow(l, n + delta);
        uint64_t *it = l->items->items;
        memmove(it + stop + delta, it + stop, (size_t)(n - stop) * 8);
    } else if (delta < 0) {
        uint64_t *it = l->items->items;
        memmove(it + stop + delta, it + stop, (size_t)(n - stop) * 8);
        list_shrink(l, n + delta);
    }
    RPY_ROOT_POP(src);
    RPY_ROOT_POP(l);
    RPY_WB(l->items);   /* items moved, then copied in */
    if (m > 0) memmove(l->items->items + start, src->items->items, (size_t)m * 8);
}

void rpy_list_delslice(rpy_list *l, Signed start, Signed stop, bool has_start, bool has_stop) {
    Signed n = l->length;
    slice_bounds(n, &start, &stop, has_start, has_stop);
    if (stop == start) return;
    RPY_WB(l->items);   /* items move: with cards, to other cards */
    uint64_t *it = l->items->items;
    memmove(it + start, it + stop, (size_t)(n - stop) * 8);
    list_shrink(l, n - (stop - start));
}

/* l[start:stop:step] = src: an extended slice takes exactly as many items as it selects. */
void rpy_list_setslice_step(rpy_list *l, Signed start, Signed stop, Signed step, bool has_start, bool has_stop, rpy_list *src) {
    if (step == 1) { rpy_list_setslice(l, start, stop, has_start, has_stop, src); return; }
    if (step == 0) { rpy_raise_simple(RPY_EXC_ValueError, "slice step cannot be zero"); return; }
    if (step < -INT64_MAX) step = -INT64_MAX;
    Signed len = slice_adjust(l->length, &start, &stop, step, has_start, has_stop);
    if (src->length != len) {
        char msg[128];
        snprintf(msg, sizeof msg, "attempt to assign sequence of size %lld to extended slice of size %lld", (long long)src->length, (long long)len);
        rpy_raise_simple(RPY_EXC_ValueError, msg);
        return;
    }
    if (src == l) {
        RPY_ROOT_PUSH(l);
        src = rpy_list_copy(l);
        RPY_ROOT_POP(l);
    }
    RPY_WB(l->items);
    for (Signed i = 0; i < len; i++) l->items->items[start + i * step] = src->items->items[i];
}

/* del l[start:stop:step]. */
void rpy_list_delslice_step(rpy_list *l, Signed start, Signed stop, Signed step, bool has_start, bool has_stop) {
    if (step == 1) { rpy_list_delslice(l, start, stop, has_start, has_stop); return; }
    if (step == 0) { rpy_raise_simple(RPY_EXC_ValueError, "slice step cannot be zero"); return; }
    if (step < -INT64_MAX) step = -INT64_MAX;
    Signed n = l->length;
    Signed len = slice_adjust(n, &start, &stop, step, has_start, has_stop);
    if (len == 0) return;
    if (step < 0) {   /* the same items, walked upwards */
        start += (len - 1) * step;
        step = -step;
    }
    RPY_WB(l->items);
    uint64_t *it = l->items->items;
    Signed last = start + (len - 1) * step, j = start;
    for (Signed i = start; i < n; i++)
        if (i > last || (i - start) % step != 0) it[j++] = it[i];
    list_shrink(l, n - len);
}

void rpy_list_insert(rpy_list *l, Signed index, uint64_t v) {
    Signed n = l->length;
    if (index < 0) {
        index += n;
        if (index < 0) index = 0;
    } else if (index > n) {
        index = n;
    }
    bool gc = list_gc(l);
    RPY_ROOT_PUSH(l);
    SLOT_ROOT_PUSH(gc, v, vroot);
    list_grow(l, n + 1);
    SLOT_ROOT_POP(gc, v, vroot);
    RPY_ROOT_POP(l);
    RPY_WB(l->items);
    uint64_t *it = l->items->items;
    memmove(it + index + 1, it + index, (size_t)(n - index) * 8);
    it[index] = v;
}

uint64_t rpy_list_pop(rpy_list *l, Signed index) {
    Signed n = l->length;
    if (n == 0) {
        rpy_raise_simple(RPY_EXC_IndexError, "pop from empty list");
        return 0;
    }
    if (index < 0) index += n;
    if ((Unsigned)index >= (Unsigned)n) {
        rpy_raise_simple(RPY_EXC_IndexError, "pop index out of range");
        return 0;
    }
    uint64_t *it = l->items->items;
    uint64_t v = it[index];
    if (index < n - 1) RPY_WB(l->items);
    memmove(it + index, it + index + 1, (size_t)(n - index - 1) * 8);
    bool gc = list_gc(l);
    SLOT_ROOT_PUSH(gc, v, vroot);
    list_shrink(l, n - 1);
    SLOT_ROOT_POP(gc, v, vroot);
    return v;
}

void rpy_list_delitem(rpy_list *l, Signed index) {
    Signed n = l->length;
    if (index < 0) index += n;
    if ((Unsigned)index >= (Unsigned)n) {
        rpy_raise_simple(RPY_EXC_IndexError, "list assignment index out of range");
        return;
    }
    RPY_WB(l->items);
    uint64_t *it = l->items->items;
    memmove(it + index, it + index + 1, (size_t)(n - index - 1) * 8);
    list_shrink(l, n - 1);
}

void rpy_list_extend(rpy_list *l, rpy_list *src) {
    Signed n = l->length, m = src->length;
    if (m == 0) return;
    RPY_ROOT_PUSH(l);
    RPY_ROOT_PUSH(src);
    list_grow(l, n + m);   /* when src is l, its first m items are still the old ones */
    RPY_ROOT_POP(src);
    RPY_ROOT_POP(l);
    RPY_WB(l->items);
    memcpy(l->items->items + n, src->items->items, (size_t)m * 8);
}

static void reverse_range(uint64_t *a, Signed lo, Signed hi) {
    for (hi--; lo < hi; lo++, hi--) {
        uint64_t t = a[lo];
        a[lo] = a[hi];
        a[hi] = t;
    }
}

void rpy_list_reverse(rpy_list *l) {
    RPY_WB(l->items);
    reverse_range(l->items->items, 0, l->length);
}

void rpy_list_clear(rpy_list *l) {
    if (l->items->length <= 16) {
        memset(l->items->items, 0, (size_t)l->length * 8);
        l->length = 0;
        return;
    }
    RPY_ROOT_PUSH(l);
    rpy_slots *items = slots_new(4, list_gc(l));
    RPY_ROOT_POP(l);
    RPY_WB(l);
    l->items = items;
    l->length = 0;
}

rpy_list *rpy_list_copy(rpy_list *l) {
    RPY_ROOT_PUSH(l);
    rpy_list *r = rpy_list_new(l->length, list_gc(l));
    RPY_ROOT_POP(l);
    memcpy(r->items->items, l->items->items, (size_t)l->length * 8);
    return r;
}

rpy_list *rpy_list_concat(rpy_list *a, rpy_list *b) {
    Signed na = a->length, nb = b->length;
    RPY_ROOT_PUSH(a);
    RPY_ROOT_PUSH(b);
    rpy_list *r = rpy_list_new(na + nb, list_gc(a));
    RPY_ROOT_POP(b);
    RPY_ROOT_POP(a);
    memcpy(r->items->items, a->items->items, (size_t)na * 8);
    memcpy(r->items->items + na, b->items->items, (size_t)nb * 8);
    return r;
}

rpy_list *rpy_list_repeat(rpy_list *l, Signed n) {
    Signed len = l->length;
    if (n <= 0 || len == 0) {
        RPY_ROOT_PUSH(l);
        rpy_list *r = rpy_list_new(0, list_gc(l));
        RPY_ROOT_POP(l);
        return r;
    }
    if (len > ((Signed)1 << 37) / n) {   /* more than 1 TB: MemoryError rather than an exit */
        raise_memory();
        return NULL;
    }
    Signed total = len * n;
    RPY_ROOT_PUSH(l);
    rpy_list *r = rpy_list_new(total, list_gc(l));
    RPY_ROOT_POP(l);
    uint64_t *out = r->items->items;
    memcpy(out, l->items->items, (size_t)len * 8);
    for (Signed done = len; done < total;) {   /* doubling copies */
        Signed chunk = done <= total - done ? done : total - done;
        memcpy(out + done, out, (size_t)chunk * 8);
        done += chunk;
    }
    return r;
}

Signed rpy_list_find(rpy_list *l, uint64_t v, Signed kind, bool (*eq)(uint64_t, uint64_t), Signed start, Signed stop) {
    Signed n = l->length;
    if (start < 0) { start += n; if (start < 0) start = 0; }
    if (stop < 0) { stop += n; if (stop < 0) stop = 0; }
    switch (kind) {
    case RPY_KIND_INT: case RPY_KIND_UINT: case RPY_KIND_CHAR: case RPY_KIND_PTR: {
        if (stop > n) stop = n;
        const uint64_t *it = l->items->items;
        for (Signed i = start; i < stop; i++)
            if (it[i] == v) return i;
        return -1;
    }
    default: {
        bool gc = list_gc(l);
        RPY_ROOT_PUSH(l);
        SLOT_ROOT_PUSH(gc, v, vroot);
        Signed found = -1;
        for (Signed i = start; i < stop && i < l->length; i++) {
            bool same = rpy_slot_eq(kind, eq, l->items->items[i], v);
            if (rpy_exc_occurred()) break;
            if (same) { found = i; break; }
        }
        SLOT_ROOT_POP(gc, v, vroot);
        RPY_ROOT_POP(l);
        return found;
    }
    }
}

Signed rpy_list_count(rpy_list *l, uint64_t v, Signed kind, bool (*eq)(uint64_t, uint64_t)) {
    Signed count = 0;
    bool gc = list_gc(l);
    RPY_ROOT_PUSH(l);
    SLOT_ROOT_PUSH(gc, v, vroot);
    for (Signed i = 0; i < l->length; i++) {
        bool same = rpy_slot_eq(kind, eq, l->items->items[i], v);
        if (rpy_exc_occurred()) break;
        count += same;
    }
    SLOT_ROOT_POP(gc, v, vroot);
    RPY_ROOT_POP(l);
    return count;
}

bool rpy_list_eq(rpy_list *a, rpy_list *b, Signed kind, bool (*eq)(uint64_t, uint64_t)) {
    if (a == b) return true;
    if (!a || !b) return false;   /* one of them is None */
    if (a->length != b->length) return false;
    if (kind == RPY_KIND_INT || kind == RPY_KIND_UINT || kind == RPY_KIND_CHAR || kind == RPY_KIND_PTR)
        return memcmp(a->items->items, b->items->items, (size_t)a->length * 8) == 0;
    bool result = true;
    RPY_ROOT_PUSH(a);
    RPY_ROOT_PUSH(b);
    for (Signed i = 0; i < a->length && i < b->length; i++) {
        bool same = rpy_slot_eq(kind, eq, a->items->items[i], b->items->items[i]);
        if (rpy_exc_occurred() || !same) { result = false; break; }
    }
    if (a->length != b->length) result = false;
    RPY_ROOT_POP(b);
    RPY_ROOT_POP(a);
    return result;
}

Signed rpy_list_cmp(rpy_list *a, rpy_list *b, Signed kind, bool (*lt)(uint64_t, uint64_t), bool (*eq)(uint64_t, uint64_t)) {
    Signed result = 2;
    RPY_ROOT_PUSH(a);
    RPY_ROOT_PUSH(b);
    for (Signed i = 0; i < a->length && i < b->length; i++) {
        bool same = rpy_slot_eq(kind, eq, a->items->items[i], b->items->items[i]);
        if (rpy_exc_occurred()) { result = 0; break; }
        if (!same) {
            /* re-read the items (user code may have moved or replaced them), as CPython does;
             * if it shortened a list, the lengths decide */
            if (i >= a->length || i >= b->length) break;
            bool less = rpy_slot_lt(kind, lt, a->items->items[i], b->items->items[i]);
            result = rpy_exc_occurred() ? 0 : less ? -1 : 1;
            break;
        }
    }
    RPY_ROOT_POP(b);
    RPY_ROOT_POP(a);
    if (result != 2) return result;
    return a->length < b->length ? -1 : a->length > b->length ? 1 : 0;
}

/* ------------------------------------------------------------------ sorting
 *
 * A natural merge sort in the manner of timsort: runs (non-descending, or strictly
 * descending and reversed) extended to `minrun` items by binary insertion, kept on a stack
 * whose lengths grow like Fibonacci numbers, merged with a buffer holding the smaller run
 * after trimming the items already in place. Stable; terminates (and stays in bounds) even
 * when the order is inconsistent (NaNs, a user lt). Instantiated per comparison. */

typedef struct sort_ctx {
    Signed kind;
    bool (*lt)(uint64_t, uint64_t);
    rpy_slots **src;   /* indexed sorts: the (rooted) slots the indices refer to */
} sort_ctx;

#define SORT_STACK 128

#define DEFINE_SORT(NAME, LT)                                                                 \
    static Signed NAME##_count_run(uint64_t *a, Signed lo, Signed hi, const sort_ctx *ctx) {  \
        (void)ctx;                                                                            \
        Signed i = lo + 1;                                                                    \
        if (i == hi) return 1;                                                                \
        if (LT(a[i], a[lo])) {                                                                \
            for (i++; i < hi && LT(a[i], a[i - 1]); i++) {}                                   \
            reverse_range(a, lo, i);                                                          \
        } else {                                                                              \
            for (i++; i < hi && !LT(a[i], a[i - 1]); i++) {}                                  \
        }                                                                                     \
        return i - lo;                                                                        \
    }                                                                                         \
    /* first k in [lo, hi) with x < a[k] */                                                   \
    static Signed NAME##_upper(const uint64_t *a, Signed lo, Signed hi, uint64_t x, const sort_ctx *ctx) { \
        (void)ctx;                                                                            \
        while (lo < hi) {                                                                     \
            Signed mid = lo + (hi - lo) / 2;                                                  \
            if (LT(x, a[mid])) hi = mid; else lo = mid + 1;                                   \
        }                                                                                     \
        return lo;                                                                            \
    }                                                                                         \
    /* first k in [lo, hi) with !(a[k] < x) */                                                \
    static Signed NAME##_lower(const uint64_t *a, Signed lo, Signed hi, uint64_t x, const sort_ctx *ctx) { \
        (void)ctx;                                                                            \
        while (lo < hi) {                                                                     \
            Signed mid = lo + (hi - lo) / 2;                                                  \
            if (LT(a[mid], x)) lo = mid + 1; else hi = mid;                                   \
        }                                                                                     \
        return lo;                                                                            \
    }                                                                                         \
    /* a[lo:start] is sorted; sorts a[lo:hi] */                                               \
    static void NAME##_binsort(uint64_t *a, Signed lo, Signed hi, Signed start, const sort_ctx *ctx) { \
        for (Signed i = start; i < hi; i++) {                                                 \
            uint64_t x = a[i];                                                                \
            Signed p = NAME##_upper(a, lo, i, x, ctx);                                        \
            memmove(a + p + 1, a + p, (size_t)(i - p) * 8);                                   \
            a[p] = x;                                                                         \
        }                                                                                     \
    }                                                                                         \
    /* merges the sorted a[lo:mid] and a[mid:hi] */                                           \
    static void NAME##_merge(uint64_t *a, Signed lo, Signed mid, Signed hi, uint64_t *tmp, const sort_ctx *ctx) { \
        lo = NAME##_upper(a, lo, mid, a[mid], ctx);                                           \
        if (lo == mid) return;                                                                \
        hi = NAME##_lower(a, mid, hi, a[mid - 1], ctx);                                       \
        if (hi == mid) return;                                                                \
        if (mid - lo <= hi - mid) {                                                           \
            Signed n1 = mid - lo, i = 0, j = mid, k = lo;                                     \
            memcpy(tmp, a + lo, (size_t)n1 * 8);                                              \
            while (i < n1 && j < hi) {                                                        \
                if (LT(a[j], tmp[i])) a[k++] = a[j++];                                        \
                else a[k++] = tmp[i++];                                                       \
            }                                                                                 \
            memcpy(a + k, tmp + i, (size_t)(n1 - i) * 8);                                     \
        } else {                                                                              \
            Signed n2 = hi - mid, i = mid - 1, j = n2 - 1, k = hi - 1;                        \
            memcpy(tmp, a + mid, (size_t)n2 * 8);                                             \
            while (i >= lo && j >= 0) {                                                       \
                if (LT(tmp[j], a[i])) a[k--] = a[i--];                                        \
                else a[k--] = tmp[j--];                                                       \
            }                                                                                 \
            memcpy(a + lo, tmp, (size_t)(j + 1) * 8);                                         \
        }                                                                                     \
    }                                                                                         \
    /* tmp: room for n / 2 + 1 items */                                                       \
    static void NAME##_sort(uint64_t *a, Signed n, uint64_t *tmp, const sort_ctx *ctx) {      \
        if (n < 2) return;                                                                    \
        Signed minrun = minrun_for(n);                                                        \
        Signed base[SORT_STACK], len[SORT_STACK];                                             \
        int ns = 0;                                                                           \
        for (Signed lo = 0; lo < n;) {                                                        \
            Signed run = NAME##_count_run(a, lo, n, ctx);                                     \
            if (run < minrun) {                                                               \
                Signed force = n - lo < minrun ? n - lo : minrun;                             \
                NAME##_binsort(a, lo, lo + force, lo + run, ctx);                             \
                run = force;                                                                  \
            }                                                                                 \
            base[ns] = lo;                                                                    \
            len[ns] = run;                                                                    \
            ns++;                                                                             \
            lo += run;                                                                        \
            while (ns > 1) {                                                                  \
                int k = ns - 2;                                                               \
                if ((k > 0 && len[k - 1] <= len[k] + len[k + 1]) ||                           \
                    (k > 1 && len[k - 2] <= len[k - 1] + len[k])) {                           \
                    if (len[k - 1] < len[k + 1]) k--;                                         \
                } else if (len[k] > len[k + 1]) {                                             \
                    break;                                                                    \
                }                                                                             \
                NAME##_merge(a, base[k], base[k] + len[k], base[k] + len[k] + len[k + 1], tmp, ctx); \
                len[k] += len[k + 1];                                                         \
                for (int m = k + 1; m < ns - 1; m++) { base[m] = base[m + 1]; len[m] = len[m + 1]; } \
                ns--;                                                                         \
            }                                                                                 \
        }                                                                                     \
        while (ns > 1) {                                                                      \
            int k = ns - 2;                                                                   \
            if (k > 0 && len[k - 1] < len[k + 1]) k--;                                        \
            NAME##_merge(a, base[k], base[k] + len[k], base[k] + len[k] + len[k + 1], tmp, ctx); \
            len[k] += len[k + 1];                                                             \
            for (int m = k + 1; m < ns - 1; m++) { base[m] = base[m + 1]; len[m] = len[m + 1]; } \
            ns--;                                                                             \
        }                                                                                     \
    }

/* Runs shorter than this are extended by binary insertion: n / minrun is (close to) a power
 * of two, minrun in [32, 64]. */
static Signed minrun_for(Signed n) {
    Signed r = 0;
    while (n >= 64) {
        r |= n & 1;
        n >>= 1;
    }
    return n + r;
}

#define LT_INT(x, y) ((Signed)(x) < (Signed)(y))
#define LT_UINT(x, y) ((x) < (y))
#define LT_FLOAT(x, y) (rpy_slot_to_float(x) < rpy_slot_to_float(y))
#define LT_STR(x, y) (rpy_str_cmp(AS_STR(x), AS_STR(y)) < 0)
#define LT_BYTES(x, y) (bytes_cmp(AS_BYTES(x), AS_BYTES(y)) < 0)
#define LT_INDEXED(x, y) indexed_lt(ctx, (x), (y))

/* Indexed sorts compare the slots the indices x, y refer to (re-read: user code may move
 * them); once user code has raised, every comparison is false and the sort just ends. */
static inline bool indexed_lt(const sort_ctx *ctx, uint64_t x, uint64_t y) {
    const uint64_t *k = (*ctx->src)->items;
    uint64_t a = k[x], b = k[y];
    switch (ctx->kind) {
    case RPY_KIND_INT: return (Signed)a < (Signed)b;
    case RPY_KIND_FLOAT: return rpy_slot_to_float(a) < rpy_slot_to_float(b);
    case RPY_KIND_STR: return rpy_str_cmp(AS_STR(a), AS_STR(b)) < 0;
    case RPY_KIND_BYTES: return bytes_cmp(AS_BYTES(a), AS_BYTES(b)) < 0;
    case RPY_KIND_CUSTOM: return !rpy_exc_occurred() && ctx->lt(a, b);
    default: return a < b;
    }
}

DEFINE_SORT(sort_int, LT_INT)
DEFINE_SORT(sort_uint, LT_UINT)
DEFINE_SORT(sort_float, LT_FLOAT)
DEFINE_SORT(sort_str, LT_STR)
DEFINE_SORT(sort_bytes, LT_BYTES)
DEFINE_SORT(sort_indexed, LT_INDEXED)

/* Sorts the n slots at a, which hold values of `kind` (not CUSTOM): no user code runs. */
static void sort_direct(uint64_t *a, Signed n, Signed kind, uint64_t *tmp) {
    sort_ctx ctx = { kind, NULL, NULL };
    switch (kind) {
    case RPY_KIND_INT: sort_int_sort(a, n, tmp, &ctx); break;
    case RPY_KIND_FLOAT: sort_float_sort(a, n, tmp, &ctx); break;
    case RPY_KIND_STR: sort_str_sort(a, n, tmp, &ctx); break;
    case RPY_KIND_BYTES: sort_bytes_sort(a, n, tmp, &ctx); break;
    default: sort_uint_sort(a, n, tmp, &ctx); break;
    }
}

/* out[i] = a[perm[i]] for the n slots at a (tmp: room for n). */
static void apply_perm(uint64_t *a, const uint64_t *perm, Signed n, uint64_t *tmp) {
    memcpy(tmp, a, (size_t)n * 8);
    for (Signed i = 0; i < n; i++) a[i] = tmp[perm[i]];
}

void rpy_list_sort(rpy_list *l, rpy_list *keys_or_null, Signed kind, bool (*lt)(uint64_t, uint64_t), bool reverse) {
    Signed n = l->length;
    if (n < 2) return;
    if (keys_or_null == NULL && kind != RPY_KIND_CUSTOM) {
        uint64_t *tmp = malloc((size_t)(n / 2 + 1) * 8);
        if (!tmp) { raise_memory(); return; }
        RPY_WB(l->items);   /* items move */
        uint64_t *a = l->items->items;
        if (reverse) reverse_range(a, 0, n);
        sort_direct(a, n, kind, tmp);
        if (reverse) reverse_range(a, 0, n);
        free(tmp);
        return;
    }
    /* Sort the indices 0..n-1 by the keys (or the items), then permute. */
    rpy_list *keys = keys_or_null;
    if (keys && keys->length != n) {
        rpy_raise_simple(RPY_EXC_ValueError, "sort keys and list differ in length");
        return;
    }
    uint64_t *perm = malloc((size_t)n * 8);
    uint64_t *tmp = malloc((size_t)n * 8);
    if (!perm || !tmp) {
        free(perm);
        free(tmp);
        raise_memory();
        return;
    }
    for (Signed i = 0; i < n; i++) perm[i] = (uint64_t)(reverse ? n - 1 - i : i);
    bool custom = kind == RPY_KIND_CUSTOM;
    rpy_slots *saved = l->items;
    rpy_slots *keyslots = keys ? keys->items : saved;
    rpy_slots *empty = NULL;
    RPY_ROOT_PUSH(l);
    RPY_ROOT_PUSH(keys);
    RPY_ROOT_PUSH(saved);
    RPY_ROOT_PUSH(keyslots);
    if (custom) {   /* user code sees an empty list, as in CPython */
        empty = slots_new(1, list_gc(l));
        RPY_WB(l);
        l->items = empty;
        l->length = 0;
    }
    RPY_ROOT_PUSH(empty);
    sort_ctx ctx = { kind, lt, &keyslots };
    sort_indexed_sort(perm, n, tmp, &ctx);
    RPY_ROOT_POP(empty);
    RPY_ROOT_POP(keyslots);
    RPY_ROOT_POP(saved);
    RPY_ROOT_POP(keys);
    RPY_ROOT_POP(l);
    bool modified = false;
    if (custom) {
        modified = l->items != empty || l->length != 0;
        RPY_WB(l);
        l->items = saved;
        l->length = n;
    }
    if (!rpy_exc_occurred()) {
        if (reverse) reverse_range(perm, 0, n);
        RPY_WB(l->items);
        apply_perm(l->items->items, perm, n, tmp);
        if (keys) {
            RPY_WB(keys->items);
            apply_perm(keys->items->items, perm, n, tmp);
        }
        if (modified) rpy_raise_simple(RPY_EXC_ValueError, "list modified during sort");
    }
    free(perm);
    free(tmp);
}
