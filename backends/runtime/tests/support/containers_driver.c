/* Test driver of containers.c (dicts, sets, list operations, sorting), linked with the whole
 * runtime and containers_support.c. Modes (argv[1]):
 *   check  randomized operation sequences checked against simple reference implementations
 *          inside this file, plus targeted cases; prints "ok <section>" lines, exits 1 with a
 *          message on stderr at the first mismatch ("check quick": a quarter of the work)
 *   py     deterministic cases whose results CPython prints the same way (compared by the
 *          Rust test with the script in containers_c.rs)
 *   bench  timings (1M str-key inserts + lookups, ...) on stdout
 */
#include "rpy.h"
#include "rpy_ops.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>

#include "driver_common.h"

#define P2S(p) ((uint64_t)(uintptr_t)(p))
#define S2P(T, s) ((T *)(uintptr_t)(s))

/* ------------------------------------------------------------------ helpers */

static Signed between(Signed lo, Signed hi) { return lo + below(hi - lo + 1); } /* inclusive */

static char exc_text[512];
/* Takes the pending exception: "Name: message", or NULL when none. */
static const char *take_exc(void) {
    if (!rpy_exc_occurred()) return NULL;
    rpy_object *e = rpy_exc_fetch();
    rpy_str *msg = ((rpy_exc_base *)e)->message;
    snprintf(exc_text, sizeof exc_text, "%s: %s", e->typeptr->name->data, msg ? msg->data : "");
    return exc_text;
}
static void no_exc(const char *where) {
    const char *e = take_exc();
    CHECK(e == NULL, "%s: unexpected exception %s", where, e);
}

static rpy_str *mkstr(const char *s) { return rpy_str_from_cstr(s); }

static rpy_bytes *mkbytes(const char *s, Signed n) {
    rpy_bytes *b = rpy_gc_malloc_varsize(RPY_TID_BYTES, sizeof(rpy_bytes), 1, n + 1);
    b->length = n;
    memcpy(b->data, s, (size_t)n);
    b->data[n] = 0;
    return b;
}

typedef struct box {
    rpy_hdr hdr;
    Signed id;
    Signed tag;
} box;

static box *mkbox(Signed id, Signed tag) {
    box *b = rpy_gc_malloc(RPY_TID_FIRST_GENERATED, sizeof(box));
    b->id = id;
    b->tag = tag;
    return b;
}

static rpy_list *list_from(const Signed *a, Signed n) {
    rpy_list *l = rpy_list_new(n, false);
    for (Signed i = 0; i < n; i++) l->items->items[i] = (uint64_t)a[i];
    return l;
}

/* The list invariants: capacity >= max(1, length), slots kind matches, slots past the end
 * cleared (containers.c keeps them so), contents as expected. */
static void check_list(rpy_list *l, const Signed *a, Signed n, const char *what) {
    CHECK(l->length == n, "%s: length %lld, expected %lld", what, (long long)l->length, (long long)n);
    CHECK(l->items->length >= 1 && l->items->length >= n, "%s: capacity", what);
    CHECK((l->hdr.tid == RPY_TID_LIST_GC) == (l->items->hdr.tid == RPY_TID_SLOTS_GC), "%s: slot tid", what);
    for (Signed i = 0; i < n; i++)
        CHECK((Signed)l->items->items[i] == a[i], "%s: item %lld is %lld, expected %lld", what, (long long)i,
              (long long)l->items->items[i], (long long)a[i]);
    for (Signed i = n; i < l->items->length; i++)
        CHECK(l->items->items[i] == 0, "%s: slot %lld past the end not cleared", what, (long long)i);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ------------------------------------------------------------------ key kinds */

typedef struct keyspec {
    const char *name;
    Signed kind;
    bool gc;
    Signed (*hash)(uint64_t);
    bool (*eq)(uint64_t, uint64_t);
    uint64_t (*make)(Signed u, bool fresh); /* the key for id u (fresh: a new equal object) */
    Signed (*id_of)(uint64_t key);
    Signed universe;
} keyspec;

#define UNIV_MAX (1 << 17)
static uint64_t canon[UNIV_MAX];
static bool canon_set[UNIV_MAX];
static void canon_reset(void) { memset(canon_set, 0, sizeof canon_set); }

/* INT: specials (0, -1, extremes, the DELETED pattern), small ints, then spread values. */
static uint64_t int_key(Signed u, bool fresh) {
    (void)fresh;
    switch (u) {
    case 0: return 0;
    case 1: return (uint64_t)-1;
    case 2: return (uint64_t)INT64_MIN;
    case 3: return RPY_DICT_DELETED;
    case 4: return (uint64_t)INT64_MAX;
    case 5: return (uint64_t)-2;
    }
    if (u < 1000) return ((uint64_t)(u - 500) << 20) + 3; /* strided: same low bits */
    return (uint64_t)u * 0x9E3779B97F4A7C15ull;
}
static Signed int_id_by_search(uint64_t key);
static Signed int_id(uint64_t key) { return int_id_by_search(key); }

static uint64_t int_sorted_keys[UNIV_MAX];
static Signed int_sorted_ids[UNIV_MAX];
static Signed int_universe;
static int cmp_u64_pair(const void *a, const void *b) {
    uint64_t x = ((const uint64_t *)a)[0], y = ((const uint64_t *)b)[0];
    return x < y ? -1 : x > y;
}
static void int_index_build(Signed U) {
    static uint64_t pairs[UNIV_MAX][2];
    for (Signed u = 0; u < U; u++) { pairs[u][0] = int_key(u, false); pairs[u][1] = (uint64_t)u; }
    qsort(pairs, (size_t)U, sizeof pairs[0], cmp_u64_pair);
    for (Signed u = 0; u < U; u++) {
        int_sorted_keys[u] = pairs[u][0];
        int_sorted_ids[u] = (Signed)pairs[u][1];
        CHECK(u == 0 || pairs[u][0] != pairs[u - 1][0], "int keys are distinct");
    }
    int_universe = U;
}
static Signed int_id_by_search(uint64_t key) {
    Signed lo = 0, hi = int_universe;
    while (lo < hi) {
        Signed mid = (lo + hi) / 2;
        if (int_sorted_keys[mid] < key) lo = mid + 1; else hi = mid;
    }
    CHECK(lo < int_universe && int_sorted_keys[lo] == key, "unknown int key");
    return int_sorted_ids[lo];
}

static uint64_t str_key(Signed u, bool fresh) {
    if (!fresh && canon_set[u]) return canon[u];
    char buf[64];
    if (u == 0) buf[0] = 0;
    else if (u % 7 == 3) snprintf(buf, sizeof buf, "\xc3\xa9t\xc3\xa9-%lld", (long long)u); /* non-ASCII */
    else snprintf(buf, sizeof buf, "k%lld", (long long)u);
    uint64_t k = P2S(mkstr(buf));
    if (!canon_set[u]) { canon[u] = k; canon_set[u] = true; }
    return k;
}
static Signed str_id(uint64_t key) {
    rpy_str *s = S2P(rpy_str, key);
    if (s->nbytes == 0) return 0;
    const char *p = s->data;
    while (*p && (*p < '0' || *p > '9')) p++;
    return atoll(p);
}

static uint64_t bytes_key(Signed u, bool fresh) {
    if (!fresh && canon_set[u]) return canon[u];
    char buf[64];
    int n = snprintf(buf, sizeof buf, "b%lld", (long long)u);
    if (u % 5 == 1) buf[0] = 0; /* embedded NUL */
    uint64_t k = P2S(mkbytes(buf, u == 0 ? 0 : n));
    if (!canon_set[u]) { canon[u] = k; canon_set[u] = true; }
    return k;
}
static Signed bytes_id(uint64_t key) {
    rpy_bytes *b = S2P(rpy_bytes, key);
    if (b->length == 0) return 0;
    return atoll(b->data + 1);
}

/* FLOAT: u == 0 is 0.0 (or -0.0 when fresh, at random), then NaNs with two bit patterns,
 * infinities, tiny and huge values, then halves. */
static uint64_t float_key(Signed u, bool fresh) {
    switch (u) {
    case 0: return rpy_slot_from_float(fresh && (rnd() & 1) ? -0.0 : 0.0);
    case 1: return 0x7ff8000000000000ull;
    case 2: return 0xfff8000000000123ull;
    case 3: return rpy_slot_from_float(INFINITY);
    case 4: return rpy_slot_from_float(-INFINITY);
    case 5: return rpy_slot_from_float(5e-324);
    case 6: return rpy_slot_from_float(1.7976931348623157e308);
    }
    return rpy_slot_from_float((double)u * 0.5 - 999.75); /* never 0 */
}
static Signed float_id(uint64_t key) {
    double f = rpy_slot_to_float(key);
    if (f == 0.0) return 0;
    if (key == 0x7ff8000000000000ull) return 1;
    if (key == 0xfff8000000000123ull) return 2;
    if (f == INFINITY) return 3;
    if (f == -INFINITY) return 4;
    if (f == 5e-324) return 5;
    if (f == 1.7976931348623157e308) return 6;
    return (Signed)((f + 999.75) * 2.0);
}

static uint64_t char_key(Signed u, bool fresh) { (void)fresh; return (uint64_t)(u < 0x80 ? u : u * 8 + 0x100); }
static Signed char_id(uint64_t key) { return key < 0x80 ? (Signed)key : (Signed)((key - 0x100) / 8); }

static uint64_t uint_key(Signed u, bool fresh) { (void)fresh; return u < 100 ? (uint64_t)-1 - (uint64_t)u : (uint64_t)u << 40; }
static Signed uint_id(uint64_t key) { return key > ((uint64_t)-1 - 100) ? (Signed)((uint64_t)-1 - key) : (Signed)(key >> 40); }

/* PTR: identity; a fresh key is the same object. */
static uint64_t ptr_key(Signed u, bool fresh) {
    (void)fresh;
    if (!canon_set[u]) { canon[u] = P2S(mkbox(u, 0)); canon_set[u] = true; }
    return canon[u];
}
static Signed box_id(uint64_t key) { return S2P(box, key)->id; }

/* CUSTOM: boxes equal by id; bad hashes (many collisions, and the values DELETED and -1). */
static long custom_hash_calls, custom_eq_calls;
static uint64_t custom_key(Signed u, bool fresh) {
    if (!fresh && canon_set[u]) return canon[u];
    uint64_t k = P2S(mkbox(u, 0));
    if (!canon_set[u]) { canon[u] = k; canon_set[u] = true; }
    return k;
}
static Signed custom_hash_bad(uint64_t k) { custom_hash_calls++; return S2P(box, k)->id % 61; }
static Signed custom_hash_odd(uint64_t k) {
    custom_hash_calls++;
    Signed id = S2P(box, k)->id;
    return id % 3 == 0 ? (Signed)RPY_DICT_DELETED : id % 3 == 1 ? -1 : id * 1000003;
}
static bool custom_eq(uint64_t a, uint64_t b) { custom_eq_calls++; return S2P(box, a)->id == S2P(box, b)->id; }

static const keyspec SPEC_INT = {"int", RPY_KIND_INT, false, NULL, NULL, int_key, int_id, 1 << 17};
static const keyspec SPEC_STR = {"str", RPY_KIND_STR, true, NULL, NULL, str_key, str_id, 40000};
static const keyspec SPEC_BYTES = {"bytes", RPY_KIND_BYTES, true, NULL, NULL, bytes_key, bytes_id, 20000};
static const keyspec SPEC_FLOAT = {"float", RPY_KIND_FLOAT, false, NULL, NULL, float_key, float_id, 20000};
static const keyspec SPEC_CHAR = {"char", RPY_KIND_CHAR, false, NULL, NULL, char_key, char_id, 20000};
static const keyspec SPEC_UINT = {"uint", RPY_KIND_UINT, false, NULL, NULL, uint_key, uint_id, 20000};
static const keyspec SPEC_PTR = {"ptr", RPY_KIND_PTR, true, NULL, NULL, ptr_key, box_id, 20000};
static const keyspec SPEC_CUSTOM_BAD = {"custom(hash%61)", RPY_KIND_CUSTOM, true, custom_hash_bad, custom_eq, custom_key, box_id, 2500};
static const keyspec SPEC_CUSTOM_ODD = {"custom(odd hashes)", RPY_KIND_CUSTOM, true, custom_hash_odd, custom_eq, custom_key, box_id, 20000};

/* ------------------------------------------------------------------ reference dict */

typedef struct refdict {
    Signed U, count, head, tail;
    bool *present;
    uint64_t *val;
    Signed *prev, *next, *plist, *ppos;
} refdict;

static void ref_init(refdict *r, Signed U) {
    r->U = U;
    r->count = 0;
    r->head = r->tail = -1;
    r->present = calloc((size_t)U, sizeof(bool));
    r->val = calloc((size_t)U, sizeof(uint64_t));
    r->prev = calloc((size_t)U, sizeof(Signed));
    r->next = calloc((size_t)U, sizeof(Signed));
    r->plist = calloc((size_t)U, sizeof(Signed));
    r->ppos = calloc((size_t)U, sizeof(Signed));
}
static void ref_free(refdict *r) {
    free(r->present); free(r->val); free(r->prev); free(r->next); free(r->plist); free(r->ppos);
}
static void ref_set(refdict *r, Signed u, uint64_t v) {
    if (!r->present[u]) {
        r->present[u] = true;
        r->prev[u] = r->tail;
        r->next[u] = -1;
        if (r->tail >= 0) r->next[r->tail] = u; else r->head = u;
        r->tail = u;
        r->ppos[u] = r->count;
        r->plist[r->count++] = u;
    }
    r->val[u] = v;
}
static void ref_del(refdict *r, Signed u) {
    r->present[u] = false;
    if (r->prev[u] >= 0) r->next[r->prev[u]] = r->next[u]; else r->head = r->next[u];
    if (r->next[u] >= 0) r->prev[r->next[u]] = r->prev[u]; else r->tail = r->prev[u];
    Signed last = r->plist[--r->count];
    r->plist[r->ppos[u]] = last;
    r->ppos[last] = r->ppos[u];
}
static void ref_clear(refdict *r) {
    while (r->count) ref_del(r, r->plist[r->count - 1]);
}

/* The dict's internal invariants (see containers.h). */
static void check_dict_invariants(rpy_dict *d, const char *what) {
    Signed size = d->index->length - 1;
    CHECK(size >= 8 && (size & (size - 1)) == 0, "%s: index size %lld", what, (long long)size);
    CHECK(d->index->hdr.tid == RPY_TID_SLOTS_RAW && d->hashes->hdr.tid == RPY_TID_SLOTS_RAW, "%s: raw tids", what);
    Signed cap = d->hashes->length;
    CHECK(d->keys->length == cap && (!d->values || d->values->length == cap), "%s: entry arrays", what);
    CHECK(d->used >= 0 && d->used <= cap && d->length <= d->used, "%s: used %lld cap %lld length %lld", what,
          (long long)d->used, (long long)cap, (long long)d->length);
    CHECK(d->used == 0 || d->hashes->items[d->used - 1] != RPY_DICT_DELETED, "%s: trailing deleted entry", what);
    Signed live = 0;
    for (Signed e = 0; e < d->used; e++) {
        if (d->hashes->items[e] == RPY_DICT_DELETED) {
            CHECK(d->keys->items[e] == 0 && (!d->values || d->values->items[e] == 0), "%s: deleted entry not cleared", what);
        } else {
            live++;
        }
    }
    CHECK(live == d->length, "%s: live %lld length %lld", what, (long long)live, (long long)d->length);
    static unsigned char seen[1 << 20];
    CHECK(d->used <= (1 << 20), "%s: too big to check", what);
    memset(seen, 0, (size_t)d->used);
    Signed fill = 0, refs = 0;
    for (Signed i = 0; i < size; i++) {
        Signed ix = (Signed)d->index->items[i];
        if (ix == -1) continue;
        fill++;
        if (ix == -2) continue;
        CHECK(ix >= 0 && ix < d->used, "%s: index entry %lld out of range", what, (long long)ix);
        CHECK(d->hashes->items[ix] != RPY_DICT_DELETED, "%s: index refers to a deleted entry", what);
        CHECK(!seen[ix], "%s: entry referenced twice", what);
        seen[ix] = 1;
        refs++;
    }
    CHECK(refs == d->length, "%s: index refers to %lld entries, length %lld", what, (long long)refs, (long long)d->length);
    CHECK((Signed)d->index->items[size] == fill, "%s: fill %lld counted %lld", what, (long long)d->index->items[size], (long long)fill);
    CHECK(fill <= size * 2 / 3, "%s: fill %lld of %lld", what, (long long)fill, (long long)size);
}

/* Compares d with the reference: order, keys, values, iteration, last, lists. */
static void check_dict_full(rpy_dict *d, refdict *r, const keyspec *ks, const char *what) {
    check_dict_invariants(d, what);
    CHECK(d->length == r->count, "%s: length %lld ref %lld", what, (long long)d->length, (long long)r->count);
    Signed e = rpy_dict_next(d, 0), u = r->head, lastseen = -1, n = 0;
    while (u >= 0) {
        CHECK(e >= 0, "%s: iteration ended early", what);
        uint64_t k = rpy_dict_key_at(d, e);
        CHECK(ks->id_of(k) == u, "%s: entry %lld has id %lld, expected %lld", what, (long long)e, (long long)ks->id_of(k), (long long)u);
        if (d->values) CHECK(rpy_dict_value_at(d, e) == r->val[u], "%s: value", what);
        lastseen = e;
        e = rpy_dict_next(d, e + 1);
        u = r->next[u];
        n++;
    }
    CHECK(e == -1, "%s: iteration continues", what);
    CHECK(rpy_dict_last(d) == lastseen, "%s: last", what);
    rpy_list *kl = rpy_dict_keys_list(d);
    CHECK(kl->length == n && (kl->hdr.tid == RPY_TID_LIST_GC) == ks->gc, "%s: keys list", what);
    u = r->head;
    for (Signed i = 0; i < n; i++, u = r->next[u]) CHECK(ks->id_of(kl->items->items[i]) == u, "%s: keys list order", what);
    if (d->values) {
        rpy_list *vl = rpy_dict_values_list(d);
        CHECK(vl->length == n && vl->hdr.tid == RPY_TID_LIST_RAW, "%s: values list", what);
        u = r->head;
        for (Signed i = 0; i < n; i++, u = r->next[u]) CHECK(vl->items->items[i] == r->val[u], "%s: values list order", what);
    }
}

/* Randomized operation sequence on a dict of ks's keys, checked against refdict: phases
 * grow to `target` keys, shrink to a tenth, grow again, churn. */
static void dict_random(const keyspec *ks, Signed nops, Signed target, uint64_t seed) {
    rng_state = seed;
    canon_reset();
    Signed U = ks->universe;
    refdict r;
    ref_init(&r, U);
    rpy_dict *d = rpy_dict_new(ks->kind, ks->gc, false, false, ks->hash, ks->eq);
    char what[128];
    Signed checks_every = nops / 16 + 1, max_count = 0;
    bool cleared = false;
    for (Signed op = 0; op < nops; op++) {
        Signed phase = op * 4 / nops;
        Signed goal = phase == 0 ? target : phase == 1 ? target / 10 : phase == 2 ? target : target / 2;
        bool grow = r.count < goal;
        Signed a = below(1000);
        snprintf(what, sizeof what, "%s op %lld", ks->name, (long long)op);
        if (a < (grow ? 650 : 250)) { /* insert or overwrite */
            Signed u = (r.count > 0 && below(4) == 0) ? r.plist[below(r.count)] : below(U);
            for (int tries = 0; grow && r.present[u] && tries < 30; tries++) u = below(U);
            uint64_t v = rnd();
            rpy_dict_setitem(d, ks->make(u, below(2) == 0), v);
            no_exc(what);
            ref_set(&r, u, v);
        } else if (a < (grow ? 720 : 800)) { /* delete */
            Signed u = (r.count > 0 && below(10) < 7) ? r.plist[below(r.count)] : below(U);
            bool was = r.present[u];
            bool got = rpy_dict_delitem(d, ks->make(u, below(2) == 0));
            no_exc(what);
            CHECK(got == was, "%s: delitem(%lld) returned %d", what, (long long)u, got);
            if (was) ref_del(&r, u);
        } else if (a < 980) { /* lookup */
            Signed u = (r.count > 0 && below(2) == 0) ? r.plist[below(r.count)] : below(U);
            Signed e = rpy_dict_lookup(d, ks->make(u, below(2) == 0));
            no_exc(what);
            CHECK((e >= 0) == r.present[u], "%s: lookup(%lld) = %lld", what, (long long)u, (long long)e);
            if (e >= 0) {
                CHECK(ks->id_of(rpy_dict_key_at(d, e)) == u, "%s: key_at", what);
                CHECK(rpy_dict_value_at(d, e) == r.val[u], "%s: value_at", what);
                if (below(8) == 0) {
                    uint64_t v = rnd();
                    rpy_dict_set_value_at(d, e, v);
                    r.val[u] = v;
                }
            }
        } else if (a < 995) { /* popitem */
            Signed e = rpy_dict_last(d);
            CHECK((e < 0) == (r.count == 0), "%s: last on empty", what);
            if (e >= 0) {
                CHECK(ks->id_of(rpy_dict_key_at(d, e)) == r.tail, "%s: popitem order", what);
                CHECK(rpy_dict_value_at(d, e) == r.val[r.tail], "%s: popitem value", what);
                CHECK(rpy_dict_delitem(d, rpy_dict_key_at(d, e)), "%s: popitem delete", what);
                ref_del(&r, r.tail);
            }
        } else if (a < 999) { /* update from a small dict */
            rpy_dict *o = rpy_dict_new(ks->kind, ks->gc, false, false, ks->hash, ks->eq);
            Signed m = below(20);
            Signed ids[20];
            uint64_t vals[20];
            for (Signed i = 0; i < m; i++) {
                ids[i] = below(U);
                vals[i] = rnd();
                rpy_dict_setitem(o, ks->make(ids[i], true), vals[i]);
            }
            rpy_dict_update(d, o);
            no_exc(what);
            for (Signed i = 0; i < m; i++) ref_set(&r, ids[i], vals[i]);
        } else if (op >= nops * 9 / 16 && !cleared) { /* clear, once */
            cleared = true;
            rpy_dict_clear(d);
            ref_clear(&r);
        }
        if (r.count > max_count) max_count = r.count;
        if (op % checks_every == checks_every - 1 || op == nops - 1) {
            check_dict_full(d, &r, ks, what);
            rpy_dict *c = rpy_dict_copy(d);
            check_dict_full(c, &r, ks, what);
            CHECK(rpy_dict_eq(c, d, RPY_KIND_INT, NULL) && rpy_dict_eq(d, c, RPY_KIND_INT, NULL), "%s: copy ==", what);
            if (r.count > 0) {
                Signed e = rpy_dict_next(c, below(c->used));
                if (e < 0) e = rpy_dict_next(c, 0);
                uint64_t old = rpy_dict_value_at(c, e);
                rpy_dict_set_value_at(c, e, old + 1);
                CHECK(!rpy_dict_eq(c, d, RPY_KIND_INT, NULL), "%s: changed copy !=", what);
                rpy_dict_set_value_at(c, e, old);
                rpy_dict_delitem(c, rpy_dict_key_at(c, e));
                CHECK(!rpy_dict_eq(c, d, RPY_KIND_INT, NULL) && !rpy_dict_eq(d, c, RPY_KIND_INT, NULL), "%s: smaller copy !=", what);
            }
            /* every key of the universe sample looked up */
            for (Signed i = 0; i < 200; i++) {
                Signed u = below(U);
                Signed e = rpy_dict_lookup(d, ks->make(u, true));
                CHECK((e >= 0) == r.present[u], "%s: sample lookup", what);
            }
        }
    }
    /* pop everything from the end: O(1) each */
    while (r.count > 0) {
        Signed e = rpy_dict_last(d);
        CHECK(ks->id_of(rpy_dict_key_at(d, e)) == r.tail, "%s: final popitem", ks->name);
        rpy_dict_delitem(d, rpy_dict_key_at(d, e));
        ref_del(&r, r.tail);
    }
    check_dict_full(d, &r, ks, "final");
    ref_free(&r);
    CHECK(max_count >= target, "%s: reached only %lld keys", ks->name, (long long)max_count);
    printf("ok dict random %s (%lld ops, up to %lld keys)\n", ks->name, (long long)nops, (long long)max_count);
}

/* ------------------------------------------------------------------ targeted dict cases */

static int eq_raise_after = -1;   /* custom_eq_raising raises on this call number */
static rpy_dict *mutate_dict;     /* custom_eq_mutating deletes from it */
static Signed mutate_keep;        /* ... every key but this id, at random */
static bool custom_eq_raising(uint64_t a, uint64_t b) {
    if (eq_raise_after == 0) {
        eq_raise_after = -1;
        rpy_raise_simple(RPY_EXC_RuntimeError, "eq failed");
        return false;
    }
    if (eq_raise_after > 0) eq_raise_after--;
    return S2P(box, a)->id == S2P(box, b)->id;
}
static Signed hash_mod4(uint64_t k) { return S2P(box, k)->id % 4; }
static bool custom_eq_mutating(uint64_t a, uint64_t b) {
    if (mutate_dict && mutate_dict->length > 0) {
        rpy_dict *d = mutate_dict;
        mutate_dict = NULL;
        /* delete some keys (entries get renumbered by the rebuild), add many */
        for (Signed e = rpy_dict_next(d, 0); e >= 0; e = rpy_dict_next(d, e + 1))
            if (below(3) == 0 && box_id(rpy_dict_key_at(d, e)) != mutate_keep) rpy_dict_delitem(d, rpy_dict_key_at(d, e));
        Signed extra = 20 + below(60);
        for (Signed i = 0; i < extra; i++) rpy_dict_setitem(d, P2S(mkbox(100000 + i, 0)), 7);
    }
    return S2P(box, a)->id == S2P(box, b)->id;
}
static bool vbox_eq(uint64_t a, uint64_t b) { return S2P(box, a)->tag == S2P(box, b)->tag; }

static void dict_cases(void) {
    /* float keys: 0.0 and -0.0 are one key, a NaN is found by its bits */
    rpy_dict *d = rpy_dict_new(RPY_KIND_FLOAT, false, false, false, NULL, NULL);
    rpy_dict_setitem(d, rpy_slot_from_float(0.0), 1);
    rpy_dict_setitem(d, rpy_slot_from_float(-0.0), 2);
    CHECK(d->length == 1, "0.0/-0.0");
    Signed e = rpy_dict_lookup(d, rpy_slot_from_float(-0.0));
    CHECK(e >= 0 && rpy_dict_value_at(d, e) == 2 && rpy_dict_key_at(d, e) == rpy_slot_from_float(0.0), "first key kept");
    uint64_t nan1 = 0x7ff8000000000000ull, nan2 = 0x7ff8000000000001ull;
    rpy_dict_setitem(d, nan1, 3);
    rpy_dict_setitem(d, nan1, 4);
    CHECK(d->length == 2, "same NaN once");
    CHECK(rpy_dict_lookup(d, nan2) < 0, "other NaN absent");
    rpy_dict_setitem(d, nan2, 5);
    CHECK(d->length == 3, "other NaN is another key");
    rpy_dict_setitem(d, rpy_slot_from_float(1.0), 6);
    CHECK(rpy_dict_lookup(d, rpy_slot_from_float(1.0)) == 3, "1.0 entry");

    /* the DELETED bit pattern is an ordinary int key */
    d = rpy_dict_new(RPY_KIND_INT, false, false, false, NULL, NULL);
    rpy_dict_setitem(d, RPY_DICT_DELETED, 1);
    rpy_dict_setitem(d, RPY_DICT_DELETED - 1, 2);
    CHECK(d->length == 2 && rpy_dict_value_at(d, rpy_dict_lookup(d, RPY_DICT_DELETED)) == 1, "DELETED-looking key");
    CHECK(rpy_dict_delitem(d, RPY_DICT_DELETED) && d->length == 1 && rpy_dict_lookup(d, RPY_DICT_DELETED) < 0, "delete it");

    /* update keeps d's order and appends new keys in other's order */
    d = rpy_dict_new(RPY_KIND_INT, false, false, false, NULL, NULL);
    rpy_dict *o = rpy_dict_new(RPY_KIND_INT, false, false, false, NULL, NULL);
    rpy_dict_setitem(d, 1, 10); rpy_dict_setitem(d, 2, 20);
    rpy_dict_setitem(o, 3, 30); rpy_dict_setitem(o, 2, 21); rpy_dict_setitem(o, 0, 1);
    rpy_dict_update(d, o);
    rpy_list *kl = rpy_dict_keys_list(d), *vl = rpy_dict_values_list(d);
    Signed ek[] = {1, 2, 3, 0}, ev[] = {10, 21, 30, 1};
    check_list(kl, ek, 4, "update keys");
    check_list(vl, ev, 4, "update values");
    rpy_dict_update(d, d);
    check_list(rpy_dict_keys_list(d), ek, 4, "self update");
    /* delete and re-insert moves a key to the end; overwrite does not */
    rpy_dict_delitem(d, 2);
    rpy_dict_setitem(d, 2, 5);
    rpy_dict_setitem(d, 1, 11);
    Signed ek2[] = {1, 3, 0, 2};
    check_list(rpy_dict_keys_list(d), ek2, 4, "reinsert order");
    /* clear then reuse */
    rpy_dict_clear(d);
    CHECK(d->length == 0 && rpy_dict_next(d, 0) == -1 && rpy_dict_last(d) == -1, "clear");
    rpy_dict_setitem(d, 7, 8);
    CHECK(d->length == 1 && rpy_dict_value_at(d, rpy_dict_lookup(d, 7)) == 8, "after clear");
    check_dict_invariants(d, "after clear");
    /* deleting and inserting the same few keys forever keeps the table small */
    for (Signed i = 0; i < 100000; i++) {
        rpy_dict_setitem(d, (uint64_t)i, 1);
        rpy_dict_delitem(d, (uint64_t)i);
    }
    check_dict_invariants(d, "churn");
    CHECK(d->index->length - 1 <= 64, "churn grew the table to %lld", (long long)d->index->length - 1);
    /* insert + popitem of new keys forever (deleted positions pile up behind `used`) */
    rpy_dict_clear(d);
    for (Signed i = 0; i < 100000; i++) {
        rpy_dict_setitem(d, (uint64_t)i * 7919, 1);
        if (i % 3 != 0) rpy_dict_delitem(d, rpy_dict_key_at(d, rpy_dict_last(d)));
        if (i % 9973 == 0) check_dict_invariants(d, "insert/popitem");
    }
    check_dict_invariants(d, "insert/popitem");
    CHECK(d->length == 33334, "insert/popitem length %lld", (long long)d->length);
    /* next() from any position */
    d = rpy_dict_new(RPY_KIND_INT, false, false, false, NULL, NULL);
    for (Signed i = 0; i < 10; i++) rpy_dict_setitem(d, (uint64_t)i, (uint64_t)i);
    rpy_dict_delitem(d, 0); rpy_dict_delitem(d, 4); rpy_dict_delitem(d, 5);
    CHECK(rpy_dict_next(d, -5) == 1 && rpy_dict_next(d, 4) == 6 && rpy_dict_next(d, 10) == -1 && rpy_dict_next(d, 100) == -1, "next");

    /* dict ==: values by kind */
    rpy_dict *a = rpy_dict_new(RPY_KIND_INT, false, true, false, NULL, NULL);
    rpy_dict *b = rpy_dict_new(RPY_KIND_INT, false, true, false, NULL, NULL);
    rpy_dict_setitem(a, 1, P2S(mkstr("x"))); rpy_dict_setitem(a, 2, P2S(mkstr("y")));
    rpy_dict_setitem(b, 2, P2S(mkstr("y"))); rpy_dict_setitem(b, 1, P2S(mkstr("x")));
    CHECK(a->values->hdr.tid == RPY_TID_SLOTS_GC && a->keys->hdr.tid == RPY_TID_SLOTS_RAW, "slot tids");
    CHECK(rpy_dict_eq(a, b, RPY_KIND_STR, NULL), "str values ==");
    CHECK(!rpy_dict_eq(a, b, RPY_KIND_PTR, NULL), "ptr values !=");
    rpy_dict_setitem(b, 1, P2S(mkstr("z")));
    CHECK(!rpy_dict_eq(a, b, RPY_KIND_STR, NULL), "str values !=");
    CHECK(rpy_dict_values_list(a)->hdr.tid == RPY_TID_LIST_GC, "values list tid");
    a = rpy_dict_new(RPY_KIND_STR, true, false, false, NULL, NULL);
    b = rpy_dict_new(RPY_KIND_STR, true, false, false, NULL, NULL);
    rpy_dict_setitem(a, P2S(mkstr("n")), nan1);
    rpy_dict_setitem(b, P2S(mkstr("n")), nan1);
    CHECK(rpy_dict_eq(a, b, RPY_KIND_FLOAT, NULL), "same NaN values ==");
    rpy_dict_setitem(b, P2S(mkstr("n")), rpy_slot_from_float(NAN) ^ 1);
    CHECK(!rpy_dict_eq(a, b, RPY_KIND_FLOAT, NULL), "other NaN values !=");
    rpy_dict_setitem(a, P2S(mkstr("n")), rpy_slot_from_float(0.0));
    rpy_dict_setitem(b, P2S(mkstr("n")), rpy_slot_from_float(-0.0));
    CHECK(rpy_dict_eq(a, b, RPY_KIND_FLOAT, NULL), "0.0 == -0.0 values");
    rpy_dict_setitem(a, 0, 1);   /* a None key among strings */
    CHECK(rpy_dict_lookup(a, 0) >= 0 && rpy_dict_lookup(a, P2S(mkstr(""))) < 0, "None key");
    a = rpy_dict_new(RPY_KIND_INT, false, true, false, NULL, NULL);
    b = rpy_dict_new(RPY_KIND_INT, false, true, false, NULL, NULL);
    rpy_dict_setitem(a, 1, P2S(mkbox(1, 5)));
    rpy_dict_setitem(b, 1, P2S(mkbox(2, 5)));
    CHECK(rpy_dict_eq(a, b, RPY_KIND_CUSTOM, vbox_eq), "custom values ==");
    rpy_dict_setitem(b, 1, P2S(mkbox(2, 6)));
    CHECK(!rpy_dict_eq(a, b, RPY_KIND_CUSTOM, vbox_eq), "custom values !=");

    /* custom eq raising: lookup/setitem/delitem stop with the exception pending */
    d = rpy_dict_new(RPY_KIND_CUSTOM, true, false, false, hash_mod4, custom_eq_raising);
    for (Signed i = 0; i < 20; i++) rpy_dict_setitem(d, P2S(mkbox(i, 0)), (uint64_t)i);
    no_exc("custom setup");
    CHECK(d->length == 20, "custom setup length");
    eq_raise_after = 0;
    CHECK(rpy_dict_lookup(d, P2S(mkbox(9, 0))) == -1, "raising lookup");
    const char *ex = take_exc();
    CHECK(ex && strcmp(ex, "RuntimeError: eq failed") == 0, "raising lookup: %s", ex ? ex : "none");
    eq_raise_after = 0;
    rpy_dict_setitem(d, P2S(mkbox(100, 0)), 1);
    CHECK(take_exc() != NULL && d->length == 20, "raising setitem");
    eq_raise_after = 0;
    CHECK(!rpy_dict_delitem(d, P2S(mkbox(5, 0))) && take_exc() != NULL && d->length == 20, "raising delitem");
    eq_raise_after = -1;
    for (Signed i = 0; i < 20; i++) CHECK(rpy_dict_lookup(d, P2S(mkbox(i, 0))) >= 0, "after raising");
    check_dict_invariants(d, "after raising");

    /* custom eq changing the dict during a probe (deleting keys, rebuilding the table): the
     * probe starts over and finds the key (or the place of a new one) in the new table */
    rng_state = 77;
    for (int t = 0; t < 300; t++) {
        d = rpy_dict_new(RPY_KIND_CUSTOM, true, false, false, hash_mod4, custom_eq_mutating);
        Signed n = 8 + below(30);
        for (Signed i = 0; i < n; i++) rpy_dict_setitem(d, P2S(mkbox(i, 0)), (uint64_t)i);
        Signed target = below(n + 3);   /* sometimes absent */
        mutate_dict = d;
        mutate_keep = target;
        if (below(2)) {
            e = rpy_dict_lookup(d, P2S(mkbox(target, 0)));
            no_exc("mutating eq");
            if (target < n) CHECK(e >= 0 && box_id(rpy_dict_key_at(d, e)) == target, "mutating eq lookup %d", t);
            else CHECK(e < 0, "mutating eq lookup of an absent key %d", t);
        } else {
            rpy_dict_setitem(d, P2S(mkbox(target, 0)), 1234);
            no_exc("mutating eq setitem");
            e = rpy_dict_lookup(d, P2S(mkbox(target, 0)));
            CHECK(e >= 0 && rpy_dict_value_at(d, e) == 1234, "mutating eq setitem %d", t);
        }
        mutate_dict = NULL;
        check_dict_invariants(d, "mutating eq");
        Signed count = 0;
        for (Signed i = 0; i < n + 3; i++) count += rpy_dict_lookup(d, P2S(mkbox(i, 0))) >= 0;
        for (Signed i = 0; i < 80; i++) count += rpy_dict_lookup(d, P2S(mkbox(100000 + i, 0))) >= 0;
        CHECK(count == d->length, "mutating eq: %lld keys found, length %lld", (long long)count, (long long)d->length);
    }

    printf("ok dict cases\n");
}

/* ------------------------------------------------------------------ sets */

typedef struct refset {
    Signed n;
    Signed ids[64];
} refset;

static bool rs_has(const refset *s, Signed u) {
    for (Signed i = 0; i < s->n; i++) if (s->ids[i] == u) return true;
    return false;
}
static void rs_add(refset *s, Signed u) { if (!rs_has(s, u)) s->ids[s->n++] = u; }
static void rs_del(refset *s, Signed u) {
    for (Signed i = 0; i < s->n; i++)
        if (s->ids[i] == u) {
            memmove(s->ids + i, s->ids + i + 1, (size_t)(s->n - i - 1) * sizeof(Signed));
            s->n--;
            return;
        }
}

static rpy_dict *set_new(const keyspec *ks) { return rpy_dict_new(ks->kind, ks->gc, false, true, ks->hash, ks->eq); }

static void check_set(rpy_dict *s, const refset *r, const keyspec *ks, const char *what) {
    check_dict_invariants(s, what);
    CHECK(s->values == NULL, "%s: a set has no values", what);
    CHECK(s->length == r->n, "%s: length %lld expected %lld", what, (long long)s->length, (long long)r->n);
    Signed e = rpy_dict_next(s, 0);
    for (Signed i = 0; i < r->n; i++) {
        CHECK(e >= 0 && ks->id_of(rpy_dict_key_at(s, e)) == r->ids[i], "%s: element %lld", what, (long long)i);
        e = rpy_dict_next(s, e + 1);
    }
    CHECK(e == -1, "%s: extra elements", what);
}

static void random_set(const keyspec *ks, Signed U, rpy_dict **sp, refset *r) {
    rpy_dict *s = set_new(ks);
    r->n = 0;
    Signed ops = below(3 * U);
    for (Signed i = 0; i < ops; i++) {
        Signed u = below(U);
        if (below(3) == 0) {
            rpy_dict_delitem(s, ks->make(u, true));
            rs_del(r, u);
        } else {
            rpy_dict_setitem(s, ks->make(u, true), 0);
            rs_add(r, u);
        }
    }
    *sp = s;
}

static void set_random(const keyspec *ks, Signed trials, uint64_t seed) {
    rng_state = seed;
    canon_reset();
    char what[96];
    for (Signed t = 0; t < trials; t++) {
        Signed U = 1 + below(63);
        rpy_dict *a, *b;
        refset ra, rb, want;
        random_set(ks, U, &a, &ra);
        random_set(ks, U, &b, &rb);
        if (below(10) == 0) { b = a; rb = ra; }
        snprintf(what, sizeof what, "%s set trial %lld", ks->name, (long long)t);
        check_set(a, &ra, ks, what);
        /* union */
        want = ra;
        for (Signed i = 0; i < rb.n; i++) rs_add(&want, rb.ids[i]);
        check_set(rpy_set_union(a, b), &want, ks, "union");
        /* intersection, difference */
        refset inter = {0, {0}}, diff = {0, {0}}, sym = {0, {0}};
        for (Signed i = 0; i < ra.n; i++) {
            if (rs_has(&rb, ra.ids[i])) rs_add(&inter, ra.ids[i]);
            else { rs_add(&diff, ra.ids[i]); rs_add(&sym, ra.ids[i]); }
        }
        for (Signed i = 0; i < rb.n; i++) if (!rs_has(&ra, rb.ids[i])) rs_add(&sym, rb.ids[i]);
        check_set(rpy_set_intersection(a, b), &inter, ks, "intersection");
        check_set(rpy_set_difference(a, b), &diff, ks, "difference");
        check_set(rpy_set_symmetric_difference(a, b), &sym, ks, "symmetric difference");
        CHECK(rpy_set_issubset(a, b) == (diff.n == 0), "%s: issubset", what);
        CHECK(rpy_set_isdisjoint(a, b) == (inter.n == 0), "%s: isdisjoint", what);
        CHECK(rpy_set_isdisjoint(b, a) == (inter.n == 0), "%s: isdisjoint (swapped)", what);
        bool equal = diff.n == 0 && ra.n == rb.n;
        CHECK(rpy_dict_eq(a, b, RPY_KIND_INT, NULL) == equal, "%s: ==", what);
        /* in-place forms, on copies */
        rpy_dict *c = rpy_dict_copy(a);
        rpy_set_update(c, b);
        check_set(c, &want, ks, "update");
        c = rpy_dict_copy(a);
        rpy_set_intersection_update(c, b == a ? c : b);
        check_set(c, &inter, ks, "intersection_update");
        c = rpy_dict_copy(a);
        rpy_set_difference_update(c, b == a ? c : b);
        check_set(c, &diff, ks, "difference_update");
        /* difference_update with a small b (the other path) */
        c = rpy_dict_copy(a);
        rpy_dict *small = set_new(ks);
        refset rsmall = ra;
        for (Signed i = 0; i < 2 && ra.n > 0; i++) {
            Signed u = ra.ids[below(ra.n)];
            rpy_dict_setitem(small, ks->make(u, true), 0);
            rs_del(&rsmall, u);
        }
        rpy_dict_setitem(small, ks->make(U, true), 0); /* absent from a */
        rpy_set_difference_update(c, small);
        check_set(c, &rsmall, ks, "difference_update small");
        no_exc(what);
    }
    /* set(list): first occurrences, in order */
    rpy_list *l = rpy_list_new(0, ks->gc);
    refset want = {0, {0}};
    for (Signed i = 0; i < 200; i++) {
        Signed u = below(60);
        rpy_list_append(l, ks->make(u, true));
        rs_add(&want, u);
    }
    check_set(rpy_set_from_list(l, ks->kind, ks->gc, ks->hash, ks->eq), &want, ks, "set_from_list");
    printf("ok set random %s (%lld trials)\n", ks->name, (long long)trials);
}

/* ------------------------------------------------------------------ lists */

/* Reference slice, written from the definition: indices start + i*step while inside. */
static Signed ref_slice(const Signed *a, Signed n, Signed start, Signed stop, Signed step, bool hs, bool ht, Signed *out) {
    Signed m = 0;
    if (step > 0) {
        Signed lo = !hs ? 0 : start < 0 ? (start + n < 0 ? 0 : start + n) : (start > n ? n : start);
        Signed hi = !ht ? n : stop < 0 ? (stop + n < 0 ? 0 : stop + n) : (stop > n ? n : stop);
        for (Signed i = lo; i < hi;) {
            out[m++] = a[i];
            if (step >= hi - i) break;
            i += step;
        }
    } else {
        Signed lo = !hs ? n - 1 : start < 0 ? (start + n < 0 ? -1 : start + n) : (start > n - 1 ? n - 1 : start);
        Signed hi = !ht ? -1 : stop < 0 ? (stop + n < 0 ? -1 : stop + n) : (stop > n - 1 ? n - 1 : stop);
        for (Signed i = lo; i > hi;) {
            out[m++] = a[i];
            if (step == INT64_MIN || -step >= i - hi) break;
            i += step;
        }
    }
    return m;
}

/* Python's clamping of step-1 bounds. */
static void ref_bounds(Signed n, Signed *s, Signed *t, bool hs, bool ht) {
    Signed a = !hs ? 0 : *s < 0 ? (*s + n < 0 ? 0 : *s + n) : (*s > n ? n : *s);
    Signed b = !ht ? n : *t < 0 ? (*t + n < 0 ? 0 : *t + n) : (*t > n ? n : *t);
    if (b < a) b = a;
    *s = a;
    *t = b;
}

static Signed rand_bound(Signed n, bool *has) {
    *has = below(6) != 0;
    Signed r = below(20);
    if (r == 0) return INT64_MIN;
    if (r == 1) return INT64_MAX;
    return between(-n - 3, n + 3);
}

#define LMAX 5000
static Signed A[LMAX * 4], B[LMAX * 4], T[LMAX * 4];

static void list_random(Signed nops, uint64_t seed) {
    rng_state = seed;
    rpy_list *l = rpy_list_new(0, false);
    Signed n = 0;
    char what[64];
    for (Signed op = 0; op < nops; op++) {
        snprintf(what, sizeof what, "list op %lld", (long long)op);
        Signed a = below(100);
        bool big = n > LMAX;
        if (a < 20 && !big) { /* append */
            Signed v = below(50);
            rpy_list_append(l, (uint64_t)v);
            A[n++] = v;
        } else if (a < 35 && !big) { /* insert */
            Signed i = between(-n - 3, n + 3), v = below(50);
            rpy_list_insert(l, i, (uint64_t)v);
            Signed p = i < 0 ? (i + n < 0 ? 0 : i + n) : (i > n ? n : i);
            memmove(A + p + 1, A + p, (size_t)(n - p) * sizeof(Signed));
            A[p] = v;
            n++;
        } else if (a < 50) { /* pop */
            Signed i = below(3) == 0 ? -1 : between(-n - 2, n + 1);
            uint64_t v = rpy_list_pop(l, i);
            const char *ex = take_exc();
            Signed p = i < 0 ? i + n : i;
            if (n == 0) CHECK(ex && strcmp(ex, "IndexError: pop from empty list") == 0, "%s: pop empty: %s", what, ex ? ex : "none");
            else if (p < 0 || p >= n) CHECK(ex && strcmp(ex, "IndexError: pop index out of range") == 0, "%s: pop range", what);
            else {
                CHECK(!ex && (Signed)v == A[p], "%s: pop value", what);
                memmove(A + p, A + p + 1, (size_t)(n - p - 1) * sizeof(Signed));
                n--;
            }
        } else if (a < 58) { /* del l[i] */
            Signed i = between(-n - 2, n + 1);
            rpy_list_delitem(l, i);
            const char *ex = take_exc();
            Signed p = i < 0 ? i + n : i;
            if (p < 0 || p >= n) CHECK(ex && strcmp(ex, "IndexError: list assignment index out of range") == 0, "%s: del range", what);
            else {
                CHECK(!ex, "%s: del", what);
                memmove(A + p, A + p + 1, (size_t)(n - p - 1) * sizeof(Signed));
                n--;
            }
        } else if (a < 68) { /* l[s:t] = src */
            bool hs, ht;
            Signed s = rand_bound(n, &hs), t = rand_bound(n, &ht);
            bool self = below(8) == 0 && !big;
            Signed m = self ? n : below(big ? 3 : 8);
            for (Signed i = 0; i < m; i++) B[i] = self ? A[i] : 100 + below(10);
            rpy_list_setslice(l, s, t, hs, ht, self ? l : list_from(B, m));
            ref_bounds(n, &s, &t, hs, ht);
            Signed k = 0;
            for (Signed i = 0; i < s; i++) T[k++] = A[i];
            for (Signed i = 0; i < m; i++) T[k++] = B[i];
            for (Signed i = t; i < n; i++) T[k++] = A[i];
            memcpy(A, T, (size_t)k * sizeof(Signed));
            n = k;
        } else if (a < 76) { /* del l[s:t] */
            bool hs, ht;
            Signed s = rand_bound(n, &hs), t = rand_bound(n, &ht);
            rpy_list_delslice(l, s, t, hs, ht);
            ref_bounds(n, &s, &t, hs, ht);
            memmove(A + s, A + t, (size_t)(n - t) * sizeof(Signed));
            n -= t - s;
        } else if (a < 80 && !big) { /* extend (sometimes with itself) */
            if (below(4) == 0) {
                rpy_list_extend(l, l);
                memcpy(A + n, A, (size_t)n * sizeof(Signed));
                n *= 2;
            } else {
                Signed m = below(10);
                for (Signed i = 0; i < m; i++) B[i] = below(50);
                rpy_list_extend(l, list_from(B, m));
                memcpy(A + n, B, (size_t)m * sizeof(Signed));
                n += m;
            }
        } else if (a < 82) { /* reverse */
            rpy_list_reverse(l);
            for (Signed i = 0, j = n - 1; i < j; i++, j--) { Signed x = A[i]; A[i] = A[j]; A[j] = x; }
        } else if (a < 83) { /* clear (sometimes) */
            if (below(5) == 0) { rpy_list_clear(l); n = 0; }
        } else if (a < 86) { /* copy, concat, repeat: continue with the result */
            Signed b = below(3);
            if (b == 0) l = rpy_list_copy(l);
            else if (b == 1 && !big) {
                Signed m = below(10);
                for (Signed i = 0; i < m; i++) B[i] = below(50);
                rpy_list *other = list_from(B, m);
                if (below(2)) { l = rpy_list_concat(l, other); memcpy(A + n, B, (size_t)m * sizeof(Signed)); }
                else { l = rpy_list_concat(other, l); memmove(A + m, A, (size_t)n * sizeof(Signed)); memcpy(A, B, (size_t)m * sizeof(Signed)); }
                n += m;
            } else {
                Signed k = n > 0 && n * 3 < LMAX ? between(-1, 3) : between(-1, 1);
                l = rpy_list_repeat(l, k);
                if (k <= 0) n = 0;
                for (Signed j = 1; j < k; j++) memcpy(A + j * n, A, (size_t)n * sizeof(Signed));
                if (k > 0) n *= k;
            }
        } else if (a < 94) { /* slice with a step */
            bool hs, ht;
            Signed s = rand_bound(n, &hs), t = rand_bound(n, &ht);
            Signed step = below(10) == 0 ? (below(2) ? INT64_MIN : INT64_MAX) : between(-6, 6);
            if (step == 0) step = below(2) ? 1 : -1;
            rpy_list *r = rpy_list_slice(l, s, t, step, hs, ht);
            no_exc(what);
            Signed m = ref_slice(A, n, s, t, step, hs, ht, T);
            check_list(r, T, m, what);
        } else { /* find, count, eq, cmp */
            Signed v = below(55);
            Signed s = between(-n - 2, n + 2), t = below(4) == 0 ? INT64_MAX : between(-n - 2, n + 2);
            Signed got = rpy_list_find(l, (uint64_t)v, RPY_KIND_INT, NULL, s, t);
            Signed s2 = s < 0 ? (s + n < 0 ? 0 : s + n) : s, t2 = t < 0 ? (t + n < 0 ? 0 : t + n) : (t > n ? n : t);
            Signed want = -1;
            for (Signed i = s2; i < t2; i++) if (A[i] == v) { want = i; break; }
            CHECK(got == want, "%s: find %lld in [%lld:%lld] = %lld, expected %lld", what, (long long)v, (long long)s, (long long)t, (long long)got, (long long)want);
            Signed cnt = 0;
            for (Signed i = 0; i < n; i++) cnt += A[i] == v;
            CHECK(rpy_list_count(l, (uint64_t)v, RPY_KIND_INT, NULL) == cnt, "%s: count", what);
            rpy_list *c = rpy_list_copy(l);
            CHECK(rpy_list_eq(l, c, RPY_KIND_INT, NULL) && rpy_list_cmp(l, c, RPY_KIND_INT, NULL, NULL) == 0, "%s: copy eq", what);
            if (n > 0) {
                Signed i = below(n);
                Signed delta = below(2) ? 1 : -1;
                c->items->items[i] += (uint64_t)delta;
                CHECK(!rpy_list_eq(l, c, RPY_KIND_INT, NULL), "%s: changed copy", what);
                CHECK(rpy_list_cmp(l, c, RPY_KIND_INT, NULL, NULL) == -delta, "%s: cmp", what);
                CHECK(rpy_list_cmp(c, l, RPY_KIND_INT, NULL, NULL) == delta, "%s: cmp swapped", what);
                rpy_list_pop(c, -1);
                if (i < n - 1) CHECK(rpy_list_cmp(l, c, RPY_KIND_INT, NULL, NULL) == -delta, "%s: cmp shorter", what);
                else CHECK(rpy_list_cmp(l, c, RPY_KIND_INT, NULL, NULL) == 1, "%s: cmp prefix", what);
            }
        }
        no_exc(what);
        check_list(l, A, n, what);
    }
    /* shrinking gives memory back */
    l = rpy_list_new(0, true);
    for (Signed i = 0; i < 10000; i++) rpy_list_append(l, (uint64_t)(i + 1));
    while (l->length > 10) rpy_list_pop(l, -1);
    CHECK(l->items->length < 100, "pop shrinks: capacity %lld", (long long)l->items->length);
    CHECK(l->hdr.tid == RPY_TID_LIST_GC && l->items->hdr.tid == RPY_TID_SLOTS_GC, "gc list slots");
    rpy_list_delslice(l, 0, 0, false, false);
    CHECK(l->length == 0 && l->items->length >= 1, "delslice all");
    printf("ok list random (%lld ops)\n", (long long)nops);
}

static bool box_lt_key(uint64_t a, uint64_t b);
static void list_kind_cases(void) {
    /* str lists compare by contents */
    rpy_list *a = rpy_list_new(0, true), *b = rpy_list_new(0, true);
    const char *words[] = {"b", "\xc3\xa9", "a", "", "ab"};
    for (int i = 0; i < 5; i++) { rpy_list_append(a, P2S(mkstr(words[i]))); rpy_list_append(b, P2S(mkstr(words[i]))); }
    CHECK(rpy_list_eq(a, b, RPY_KIND_STR, NULL) && !rpy_list_eq(a, b, RPY_KIND_PTR, NULL), "str list ==");
    CHECK(rpy_list_find(a, P2S(mkstr("a")), RPY_KIND_STR, NULL, 0, INT64_MAX) == 2, "str find");
    CHECK(rpy_list_find(a, P2S(mkstr("zz")), RPY_KIND_STR, NULL, 0, INT64_MAX) == -1, "str find absent");
    CHECK(rpy_list_count(a, P2S(mkstr("")), RPY_KIND_STR, NULL) == 1, "str count");
    rpy_list_set(b, 4, P2S(mkstr("ac")));
    CHECK(rpy_list_cmp(a, b, RPY_KIND_STR, NULL, NULL) == -1 && rpy_list_cmp(b, a, RPY_KIND_STR, NULL, NULL) == 1, "str cmp");
    /* floats: 0.0 == -0.0, a NaN equals itself only */
    rpy_list *f = rpy_list_new(0, false), *g = rpy_list_new(0, false);
    rpy_list_append(f, rpy_slot_from_float(0.0)); rpy_list_append(f, 0x7ff8000000000000ull); rpy_list_append(f, rpy_slot_from_float(1.5));
    rpy_list_append(g, rpy_slot_from_float(-0.0)); rpy_list_append(g, 0x7ff8000000000000ull); rpy_list_append(g, rpy_slot_from_float(1.5));
    CHECK(rpy_list_eq(f, g, RPY_KIND_FLOAT, NULL), "float list ==");
    CHECK(rpy_list_find(f, rpy_slot_from_float(-0.0), RPY_KIND_FLOAT, NULL, 0, INT64_MAX) == 0, "find -0.0");
    CHECK(rpy_list_find(f, 0x7ff8000000000000ull, RPY_KIND_FLOAT, NULL, 0, INT64_MAX) == 1, "find same NaN");
    CHECK(rpy_list_find(f, 0x7ff8000000000001ull, RPY_KIND_FLOAT, NULL, 0, INT64_MAX) == -1, "other NaN");
    rpy_list_set(g, 2, rpy_slot_from_float(-1.5));
    CHECK(rpy_list_cmp(f, g, RPY_KIND_FLOAT, NULL, NULL) == 1, "float cmp");
    /* bytes */
    rpy_list *x = rpy_list_new(0, true), *y = rpy_list_new(0, true);
    rpy_list_append(x, P2S(mkbytes("a\0b", 3))); rpy_list_append(y, P2S(mkbytes("a\0c", 3)));
    CHECK(!rpy_list_eq(x, y, RPY_KIND_BYTES, NULL) && rpy_list_cmp(x, y, RPY_KIND_BYTES, NULL, NULL) == -1, "bytes cmp");
    /* custom: eq NULL means identity; identity is tried first */
    rpy_list *c = rpy_list_new(0, true);
    box *b1 = mkbox(1, 0), *b2 = mkbox(1, 0);
    rpy_list_append(c, P2S(b1));
    CHECK(rpy_list_find(c, P2S(b2), RPY_KIND_CUSTOM, custom_eq, 0, INT64_MAX) == 0, "custom find");
    CHECK(rpy_list_find(c, P2S(b2), RPY_KIND_CUSTOM, NULL, 0, INT64_MAX) == -1, "custom find without eq");
    CHECK(rpy_list_find(c, P2S(b1), RPY_KIND_CUSTOM, NULL, 0, INT64_MAX) == 0, "custom identity");
    rpy_list *c2 = rpy_list_new(0, true);
    rpy_list_append(c2, P2S(mkbox(2, 0)));
    CHECK(rpy_list_cmp(c, c2, RPY_KIND_CUSTOM, box_lt_key, NULL) == -1, "custom cmp");
    /* errors */
    rpy_list *e = rpy_list_new(0, false);
    CHECK(rpy_list_slice(e, 0, 0, 0, true, true) == NULL, "step 0");
    const char *ex = take_exc();
    CHECK(ex && strcmp(ex, "ValueError: slice step cannot be zero") == 0, "step 0 message");
    CHECK(rpy_list_repeat(c, INT64_MAX) == NULL, "huge repeat");
    ex = take_exc();
    CHECK(ex && strncmp(ex, "MemoryError", 11) == 0, "huge repeat: %s", ex ? ex : "none");
    printf("ok list kinds\n");
}

/* ------------------------------------------------------------------ sorting */

typedef struct pair { Signed key; Signed tag; } pair;
static int pair_cmp(const void *a, const void *b) {
    const pair *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->tag < y->tag ? -1 : x->tag > y->tag;
}
static int pair_cmp_rev(const void *a, const void *b) {
    const pair *x = a, *y = b;
    if (x->key != y->key) return x->key > y->key ? -1 : 1;
    return x->tag < y->tag ? -1 : x->tag > y->tag;
}
static int fpair_cmp(const void *a, const void *b) {
    const uint64_t *x = a, *y = b;
    double fx = rpy_slot_to_float(x[0]), fy = rpy_slot_to_float(y[0]);
    if (fx != fy) return fx < fy ? -1 : 1;
    return x[1] < y[1] ? -1 : x[1] > y[1];
}
static int spair_cmp(const void *a, const void *b) {
    const uint64_t *x = a, *y = b;
    Signed c = rpy_str_cmp(S2P(rpy_str, x[0]), S2P(rpy_str, y[0]));
    if (c) return (int)c;
    return x[1] < y[1] ? -1 : x[1] > y[1];
}

static long lt_calls;
static long lt_raise_at = -1;
static rpy_list *lt_mutate;
static bool box_lt_key(uint64_t a, uint64_t b) {
    lt_calls++;
    if (lt_raise_at >= 0 && lt_calls > lt_raise_at) {
        rpy_raise_simple(RPY_EXC_TypeError, "lt failed");
        return false;
    }
    if (lt_mutate) {
        rpy_list_append(lt_mutate, P2S(mkbox(-1, -1)));
        lt_mutate = NULL;
    }
    return S2P(box, a)->id < S2P(box, b)->id;
}

/* Fills key[] with a pattern of n values. */
static void pattern(Signed *key, Signed n, int kind) {
    Signed distinct = below(4) == 0 ? 3 : below(2) ? 10 : 1000000;
    for (Signed i = 0; i < n; i++) {
        switch (kind) {
        case 0: key[i] = below(distinct); break;                        /* random, many dups */
        case 1: key[i] = i / 3; break;                                  /* sorted */
        case 2: key[i] = (n - i) / 2; break;                            /* descending, dups */
        case 3: key[i] = 7; break;                                      /* all equal */
        case 4: key[i] = i % 37; break;                                 /* sawtooth */
        case 5: key[i] = i < n / 2 ? i : n - i; break;                  /* organ pipe */
        case 6: key[i] = i; break;                                      /* sorted, then swaps */
        default: key[i] = (i * 7919) % (n + 1) - n / 2; break;
        }
    }
    if (kind == 6)
        for (Signed k = 0; k < 1 + n / 100; k++) { Signed i = below(n), j = below(n); Signed t = key[i]; key[i] = key[j]; key[j] = t; }
}

static pair P[200001];
static Signed K[200001];

static void sort_check_keyed(Signed n, int pat, bool reverse, bool custom) {
    pattern(K, n, pat);
    rpy_list *items = rpy_list_new(n, false), *keys = rpy_list_new(n, custom);
    for (Signed i = 0; i < n; i++) {
        items->items->items[i] = (uint64_t)i;
        keys->items->items[i] = custom ? P2S(mkbox(K[i], i)) : (uint64_t)K[i];
        P[i].key = K[i];
        P[i].tag = i;
    }
    lt_calls = 0;
    rpy_list_sort(items, keys, custom ? RPY_KIND_CUSTOM : RPY_KIND_INT, custom ? box_lt_key : NULL, reverse);
    no_exc("keyed sort");
    qsort(P, (size_t)n, sizeof(pair), reverse ? pair_cmp_rev : pair_cmp);
    for (Signed i = 0; i < n; i++) {
        CHECK((Signed)items->items->items[i] == P[i].tag, "keyed sort n=%lld pattern %d reverse %d custom %d: item %lld", (long long)n, pat, reverse, custom, (long long)i);
        Signed k = custom ? S2P(box, keys->items->items[i])->id : (Signed)keys->items->items[i];
        CHECK(k == P[i].key, "keyed sort: keys permuted in step");
    }
    if (custom && n >= 2 && ((pat == 1 && !reverse) || pat == 3 || (pat == 2 && reverse)))
        CHECK(lt_calls == n - 1, "presorted input (pattern %d, reverse %d, n %lld): %ld comparisons", pat, reverse, (long long)n, lt_calls);
}

static void sort_check_direct(Signed n, int pat, bool reverse) {
    pattern(K, n, pat);
    /* ints */
    rpy_list *l = list_from(K, n);
    rpy_list_sort(l, NULL, RPY_KIND_INT, NULL, reverse);
    for (Signed i = 0; i < n; i++) { P[i].key = K[i]; P[i].tag = 0; }
    qsort(P, (size_t)n, sizeof(pair), reverse ? pair_cmp_rev : pair_cmp);
    for (Signed i = 0; i < n; i++) CHECK((Signed)l->items->items[i] == P[i].key, "int sort n=%lld pattern %d", (long long)n, pat);
    /* uints: negative values are large */
    l = list_from(K, n);
    for (Signed i = 0; i < n; i++) l->items->items[i] -= (uint64_t)(n / 2);
    rpy_list_sort(l, NULL, RPY_KIND_UINT, NULL, reverse);
    for (Signed i = 1; i < n; i++) {
        uint64_t x = l->items->items[i - 1], y = l->items->items[i];
        CHECK(reverse ? x >= y : x <= y, "uint sort");
    }
    /* floats with 0.0/-0.0 (equal: stability visible) */
    static uint64_t fp[200001][2];
    l = rpy_list_new(n, false);
    for (Signed i = 0; i < n; i++) {
        double v = (double)(K[i] % 5) * 0.5 - 1.0;
        if (v == 0.0 && (i & 1)) v = -0.0;
        if (K[i] % 97 == 13) v = -INFINITY;
        fp[i][0] = rpy_slot_from_float(v);
        fp[i][1] = reverse ? (uint64_t)(n - i) : (uint64_t)i;
        l->items->items[i] = fp[i][0];
    }
    rpy_list_sort(l, NULL, RPY_KIND_FLOAT, NULL, reverse);
    qsort(fp, (size_t)n, sizeof fp[0], fpair_cmp);
    for (Signed i = 0; i < n; i++) {
        uint64_t want = reverse ? fp[n - 1 - i][0] : fp[i][0];
        CHECK(l->items->items[i] == want, "float sort n=%lld pattern %d reverse %d at %lld", (long long)n, pat, reverse, (long long)i);
    }
    /* strings: equal strings are distinct objects (stability visible) */
    if (n <= 20000) {
        static uint64_t sp[20001][2];
        l = rpy_list_new(n, true);
        for (Signed i = 0; i < n; i++) {
            char buf[32];
            snprintf(buf, sizeof buf, "%s%lld", K[i] % 3 == 0 ? "\xe2\x82\xac" : "", (long long)(K[i] % 50));
            rpy_str *s = mkstr(buf);
            l->items->items[i] = P2S(s);
            sp[i][0] = P2S(s);
            sp[i][1] = reverse ? (uint64_t)(n - i) : (uint64_t)i;
        }
        rpy_list_sort(l, NULL, RPY_KIND_STR, NULL, reverse);
        qsort(sp, (size_t)n, sizeof sp[0], spair_cmp);
        for (Signed i = 0; i < n; i++) {
            uint64_t want = reverse ? sp[n - 1 - i][0] : sp[i][0];
            CHECK(l->items->items[i] == want, "str sort n=%lld pattern %d reverse %d", (long long)n, pat, reverse);
        }
    }
    /* custom unkeyed: boxes by id; stability by tag */
    if (n <= 20000) {
        l = rpy_list_new(n, true);
        for (Signed i = 0; i < n; i++) { l->items->items[i] = P2S(mkbox(K[i], i)); P[i].key = K[i]; P[i].tag = i; }
        rpy_list_sort(l, NULL, RPY_KIND_CUSTOM, box_lt_key, reverse);
        no_exc("custom sort");
        qsort(P, (size_t)n, sizeof(pair), reverse ? pair_cmp_rev : pair_cmp);
        for (Signed i = 0; i < n; i++) {
            box *b = S2P(box, l->items->items[i]);
            CHECK(b->id == P[i].key && b->tag == P[i].tag, "custom sort n=%lld pattern %d reverse %d", (long long)n, pat, reverse);
        }
    }
}

static void sort_tests(void) {
    rng_state = 12345;
    Signed sizes[] = {0, 1, 2, 3, 5, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 255, 1000, 1023, 4097, 10000, 65537};
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++)
        for (int pat = 0; pat < 8; pat++)
            for (int rev = 0; rev < 2; rev++) {
                sort_check_keyed(sizes[si], pat, rev, false);
                if (sizes[si] <= 20000) sort_check_keyed(sizes[si], pat, rev, true);
                sort_check_direct(sizes[si], pat, rev);
            }
    for (int t = 0; t < 300; t++) {
        Signed n = below(3000);
        sort_check_keyed(n, (int)below(8), below(2), below(2));
        sort_check_direct(n, (int)below(8), below(2));
    }
    sort_check_keyed(200000, 0, false, false);
    sort_check_direct(200000, 0, true);
    /* lt raising: stops at once, the list is unchanged */
    rpy_list *l = rpy_list_new(0, true);
    for (Signed i = 0; i < 500; i++) rpy_list_append(l, P2S(mkbox(below(50), i)));
    rpy_list *before = rpy_list_copy(l);
    lt_calls = 0;
    lt_raise_at = 700;
    rpy_list_sort(l, NULL, RPY_KIND_CUSTOM, box_lt_key, false);
    lt_raise_at = -1;
    const char *ex = take_exc();
    CHECK(ex && strcmp(ex, "TypeError: lt failed") == 0, "raising lt");
    CHECK(lt_calls == 701, "calls after raising: %ld", lt_calls);
    CHECK(rpy_list_eq(l, before, RPY_KIND_PTR, NULL), "list unchanged after raising lt");
    /* lt changing the list: ValueError, the list keeps its sorted items */
    lt_calls = 0;
    lt_mutate = l;
    rpy_list_sort(l, NULL, RPY_KIND_CUSTOM, box_lt_key, false);
    ex = take_exc();
    CHECK(ex && strcmp(ex, "ValueError: list modified during sort") == 0, "mutating lt: %s", ex ? ex : "none");
    CHECK(l->length == 500, "length after mutating lt");
    for (Signed i = 1; i < 500; i++) CHECK(S2P(box, l->items->items[i - 1])->id <= S2P(box, l->items->items[i])->id, "sorted after mutating lt");
    /* NaNs: terminates, keeps the items */
    l = rpy_list_new(0, false);
    for (Signed i = 0; i < 3000; i++) rpy_list_append(l, rpy_slot_from_float(below(5) == 0 ? NAN : (double)below(100)));
    rpy_list_sort(l, NULL, RPY_KIND_FLOAT, NULL, false);
    Signed nans = 0;
    for (Signed i = 0; i < 3000; i++) nans += isnan(rpy_slot_to_float(l->items->items[i]));
    CHECK(nans > 400 && l->length == 3000, "NaN sort");
    /* a comparison that is not an order at all */
    l = rpy_list_new(0, true);
    for (Signed i = 0; i < 5000; i++) rpy_list_append(l, P2S(mkbox(below(1000), i)));
    rpy_list_sort(l, NULL, RPY_KIND_CUSTOM, custom_eq /* "less" when equal: inconsistent */, false);
    no_exc("inconsistent lt");
    CHECK(l->length == 5000, "inconsistent lt keeps the items");
    printf("ok sort\n");
}

/* ------------------------------------------------------------------ py mode */

static void print_list(const rpy_list *l) {
    putchar('[');
    for (Signed i = 0; i < l->length; i++) printf(i ? ", %lld" : "%lld", (long long)l->items->items[i]);
    putchar(']');
}
static void tok(bool has, Signed v) {
    if (has) printf(" %lld", (long long)v);
    else printf(" N");
}
static uint64_t lcg_state;
static uint64_t lcg(void) {
    lcg_state = lcg_state * 6364136223846793005ull + 1442695040888963407ull;
    return lcg_state >> 33;
}

static void py_mode(void) {
    Signed base[8];
    /* slices */
    for (Signed n = 0; n <= 6; n++) {
        for (Signed i = 0; i < n; i++) base[i] = 10 + i;
        rpy_list *L = list_from(base, n);
        Signed nb = 0, bounds[40];
        bool hb[40];
        bounds[nb] = 0; hb[nb++] = false;
        bounds[nb] = INT64_MIN; hb[nb++] = true;
        for (Signed v = -n - 2; v <= n + 2; v++) { bounds[nb] = v; hb[nb++] = true; }
        bounds[nb] = INT64_MAX; hb[nb++] = true;
        for (Signed a = 0; a < nb; a++)
            for (Signed b = 0; b < nb; b++)
                for (Signed c = 0; c < nb; c++) {
                    printf("S %lld", (long long)n);
                    tok(hb[a], bounds[a]); tok(hb[b], bounds[b]); tok(hb[c], bounds[c]);
                    rpy_list *r = rpy_list_slice(L, bounds[a], bounds[b], hb[c] ? bounds[c] : 1, hb[a], hb[b]);
                    const char *ex = take_exc();
                    if (ex) printf(" E %s\n", ex);
                    else { putchar(' '); print_list(r); putchar('\n'); }
                }
    }
    /* setslice, delslice */
    for (Signed n = 0; n <= 5; n++) {
        for (Signed i = 0; i < n; i++) base[i] = 10 + i;
        Signed nb = 0, bounds[20];
        bool hb[20];
        bounds[nb] = 0; hb[nb++] = false;
        for (Signed v = -n - 2; v <= n + 2; v++) { bounds[nb] = v; hb[nb++] = true; }
        Signed srcs[3][3] = {{0}, {90}, {90, 91, 92}}, srclen[3] = {0, 1, 3};
        for (Signed a = 0; a < nb; a++)
            for (Signed b = 0; b < nb; b++) {
                for (Signed k = 0; k < 4; k++) {
                    rpy_list *L = list_from(base, n);
                    rpy_list_setslice(L, bounds[a], bounds[b], hb[a], hb[b], k == 3 ? L : list_from(srcs[k], srclen[k]));
                    printf("SS %lld", (long long)n);
                    tok(hb[a], bounds[a]); tok(hb[b], bounds[b]);
                    printf(" %lld ", (long long)k);
                    print_list(L);
                    putchar('\n');
                }
                rpy_list *L = list_from(base, n);
                rpy_list_delslice(L, bounds[a], bounds[b], hb[a], hb[b]);
                printf("DS %lld", (long long)n);
                tok(hb[a], bounds[a]); tok(hb[b], bounds[b]);
                putchar(' ');
                print_list(L);
                putchar('\n');
            }
    }
    /* insert, pop, del */
    for (Signed n = 0; n <= 4; n++) {
        for (Signed i = 0; i < n; i++) base[i] = 10 + i;
        for (Signed i = -n - 3; i <= n + 3; i++) {
            rpy_list *L = list_from(base, n);
            rpy_list_insert(L, i, 99);
            printf("I %lld %lld ", (long long)n, (long long)i);
            print_list(L);
            putchar('\n');
        }
        for (Signed i = -n - 2; i <= n + 1; i++) {
            rpy_list *L = list_from(base, n);
            uint64_t v = rpy_list_pop(L, i);
            const char *ex = take_exc();
            printf("P %lld %lld ", (long long)n, (long long)i);
            if (ex) printf("E %s\n", ex);
            else { printf("%lld ", (long long)v); print_list(L); putchar('\n'); }
            L = list_from(base, n);
            rpy_list_delitem(L, i);
            ex = take_exc();
            printf("D %lld %lld ", (long long)n, (long long)i);
            if (ex) printf("E %s\n", ex);
            else { print_list(L); putchar('\n'); }
        }
    }
    /* repeat, concat, extend */
    for (Signed n = 0; n <= 2; n++) {
        for (Signed i = 0; i < n; i++) base[i] = 1 + i;
        for (Signed k = -2; k <= 3; k++) {
            printf("R %lld %lld ", (long long)n, (long long)k);
            print_list(rpy_list_repeat(list_from(base, n), k));
            putchar('\n');
        }
        rpy_list *L = list_from(base, n);
        rpy_list_extend(L, L);
        printf("X %lld ", (long long)n);
        print_list(L);
        putchar(' ');
        print_list(rpy_list_concat(L, list_from(base, n)));
        putchar('\n');
    }
    /* index/count */
    {
        Signed v6[] = {1, 2, 3, 1, 2, 3};
        rpy_list *L = list_from(v6, 6);
        for (Signed v = 0; v <= 4; v++) {
            printf("C %lld %lld\n", (long long)v, (long long)rpy_list_count(L, (uint64_t)v, RPY_KIND_INT, NULL));
            for (Signed s = -8; s <= 8; s++)
                for (Signed e = -8; e <= 8; e++)
                    printf("F %lld %lld %lld %lld\n", (long long)v, (long long)s, (long long)e,
                           (long long)rpy_list_find(L, (uint64_t)v, RPY_KIND_INT, NULL, s, e));
        }
    }
    /* comparisons */
    {
        Signed vals[7][3] = {{0}, {1}, {1, 2}, {1, 3}, {2}, {1, 2, 0}, {0, 5}};
        Signed lens[7] = {0, 1, 2, 2, 1, 3, 2};
        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 7; j++) {
                rpy_list *a = list_from(vals[i], lens[i]), *b = list_from(vals[j], lens[j]);
                printf("CMP %d %d %lld %d\n", i, j, (long long)rpy_list_cmp(a, b, RPY_KIND_INT, NULL, NULL), rpy_list_eq(a, b, RPY_KIND_INT, NULL));
            }
    }
    /* keyed sorts */
    lcg_state = 1;
    for (int t = 0; t < 40; t++) {
        Signed n = t < 3 ? t : (Signed)(lcg() % 300);
        rpy_list *keys0 = rpy_list_new(n, false);
        for (Signed i = 0; i < n; i++) keys0->items->items[i] = lcg() % 10;
        for (int rev = 0; rev < 2; rev++) {
            rpy_list *items = rpy_list_new(n, false);
            for (Signed i = 0; i < n; i++) items->items->items[i] = (uint64_t)i;
            rpy_list *keys = rpy_list_copy(keys0);
            rpy_list_sort(items, keys, RPY_KIND_INT, NULL, rev);
            printf("K %d %d ", t, rev);
            print_list(items);
            putchar('\n');
        }
    }
    /* float sorts */
    static const double pool[11] = {0.0, -0.0, 1.5, -1.5, INFINITY, -INFINITY, 1e-300, 2.0, 3.0, -7.25, 0.1};
    for (int t = 0; t < 20; t++) {
        Signed n = (Signed)(lcg() % 50);
        rpy_list *l0 = rpy_list_new(n, false);
        for (Signed i = 0; i < n; i++) l0->items->items[i] = rpy_slot_from_float(pool[lcg() % 11]);
        for (int rev = 0; rev < 2; rev++) {
            rpy_list *l = rpy_list_copy(l0);
            rpy_list_sort(l, NULL, RPY_KIND_FLOAT, NULL, rev);
            printf("FS %d %d", t, rev);
            for (Signed i = 0; i < n; i++) printf(" %.17g", rpy_slot_to_float(l->items->items[i]));
            putchar('\n');
        }
    }
    /* str sorts */
    static const char *chars[6] = {"a", "b", "Z", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};
    for (int t = 0; t < 20; t++) {
        Signed n = (Signed)(lcg() % 40);
        rpy_list *l0 = rpy_list_new(n, true);
        for (Signed i = 0; i < n; i++) {
            char buf[32] = "";
            Signed len = (Signed)(lcg() % 4);
            for (Signed j = 0; j < len; j++) strcat(buf, chars[lcg() % 6]);
            l0->items->items[i] = P2S(mkstr(buf));
        }
        for (int rev = 0; rev < 2; rev++) {
            rpy_list *l = rpy_list_copy(l0);
            rpy_list_sort(l, NULL, RPY_KIND_STR, NULL, rev);
            printf("SS2 %d %d", t, rev);
            for (Signed i = 0; i < n; i++) {
                rpy_str *s = S2P(rpy_str, l->items->items[i]);
                putchar(' ');
                print_hex(s->data, s->nbytes);
            }
            putchar('\n');
        }
    }
    /* dict operation sequences */
    for (int t = 0; t < 30; t++) {
        rpy_dict *d = rpy_dict_new(RPY_KIND_INT, false, false, false, NULL, NULL);
        Signed hits = 0;
        for (int op = 0; op < 200; op++) {
            uint64_t r = lcg() % 10;
            Signed k = (Signed)(lcg() % 50) - 25;
            if (r < 6) rpy_dict_setitem(d, (uint64_t)k, lcg() % 1000);
            else if (r < 8) rpy_dict_delitem(d, (uint64_t)k);
            else if (r < 9) { Signed e = rpy_dict_last(d); if (e >= 0) rpy_dict_delitem(d, rpy_dict_key_at(d, e)); }
            else hits += rpy_dict_lookup(d, (uint64_t)k) >= 0;
        }
        printf("DICT %d %lld [", t, (long long)hits);
        for (Signed e = rpy_dict_next(d, 0), first = 1; e >= 0; e = rpy_dict_next(d, e + 1), first = 0)
            printf("%s(%lld, %lld)", first ? "" : ", ", (long long)rpy_dict_key_at(d, e), (long long)rpy_dict_value_at(d, e));
        printf("]\n");
    }
}

/* ------------------------------------------------------------------ bench */

static void bench(void) {
    const Signed N = 1000000;
    rpy_str **keys = malloc((size_t)N * sizeof *keys), **fresh = malloc((size_t)N * sizeof *fresh);
    char buf[32];
    for (Signed i = 0; i < N; i++) {
        snprintf(buf, sizeof buf, "key%lld", (long long)i);
        keys[i] = mkstr(buf);
        fresh[i] = mkstr(buf);
    }
    double t0 = now();
    rpy_dict *d = rpy_dict_new(RPY_KIND_STR, true, false, false, NULL, NULL);
    for (Signed i = 0; i < N; i++) rpy_dict_setitem(d, P2S(keys[i]), (uint64_t)i);
    double t1 = now();
    for (Signed i = 0; i < N; i++) CHECK(rpy_dict_value_at(d, rpy_dict_lookup(d, P2S(keys[i]))) == (uint64_t)i, "bench lookup");
    double t2 = now();
    for (Signed i = 0; i < N; i++) CHECK(rpy_dict_lookup(d, P2S(fresh[i])) == i, "bench lookup fresh");
    double t3 = now();
    printf("str keys: 1M inserts %.3f s, 1M lookups (same objects) %.3f s, 1M lookups (equal new strings, hash computed) %.3f s\n",
           t1 - t0, t2 - t1, t3 - t2);
    double t4 = now();
    rpy_dict *di = rpy_dict_new(RPY_KIND_INT, false, false, false, NULL, NULL);
    for (Signed i = 0; i < N; i++) rpy_dict_setitem(di, (uint64_t)(i * 7), (uint64_t)i);
    double t5 = now();
    for (Signed i = 0; i < N; i++) CHECK(rpy_dict_lookup(di, (uint64_t)(i * 7)) == i, "bench int lookup");
    double t6 = now();
    printf("int keys: 1M inserts %.3f s, 1M lookups %.3f s\n", t5 - t4, t6 - t5);
    rpy_list *l = rpy_list_new(N, false);
    rng_state = 99;
    for (Signed i = 0; i < N; i++) l->items->items[i] = rnd() % 1000000;
    double t7 = now();
    rpy_list_sort(l, NULL, RPY_KIND_INT, NULL, false);
    double t8 = now();
    rpy_list *ls = rpy_list_new(N, true);
    for (Signed i = 0; i < N; i++) ls->items->items[i] = P2S(keys[(i * 7919) % N]);
    double t9 = now();
    rpy_list_sort(ls, NULL, RPY_KIND_STR, NULL, false);
    double t10 = now();
    printf("sort: 1M random ints %.3f s, 1M shuffled strs %.3f s\n", t8 - t7, t10 - t9);
}

/* ------------------------------------------------------------------ entry */

Signed rpy_entry(rpy_list *argv) {
    const char *mode = argv->length > 1 ? S2P(rpy_str, argv->items->items[1])->data : "check";
    if (strcmp(mode, "py") == 0) {
        py_mode();
    } else if (strcmp(mode, "bench") == 0) {
        bench();
    } else {
        bool quick = argv->length > 2; /* any second argument: smaller runs (sanitizers) */
        Signed f = quick ? 4 : 1;
        int_index_build(SPEC_INT.universe);
        dict_cases();
        dict_random(&SPEC_INT, 1600000 / f, 100000 / f, 1);
        dict_random(&SPEC_STR, 300000 / f, 30000 / f, 2);
        dict_random(&SPEC_BYTES, 100000 / f, 10000 / f, 3);
        dict_random(&SPEC_FLOAT, 100000 / f, 10000 / f, 4);
        dict_random(&SPEC_CHAR, 100000 / f, 10000 / f, 5);
        dict_random(&SPEC_UINT, 100000 / f, 10000 / f, 6);
        dict_random(&SPEC_PTR, 100000 / f, 10000 / f, 7);
        dict_random(&SPEC_CUSTOM_BAD, 40000 / f, 2000 / f, 8);
        dict_random(&SPEC_CUSTOM_ODD, 100000 / f, 10000 / f, 9);
        set_random(&SPEC_INT, 3000 / f, 10);
        set_random(&SPEC_STR, 1000 / f, 11);
        set_random(&SPEC_CUSTOM_ODD, 1000 / f, 12);
        set_random(&SPEC_FLOAT, 500 / f, 13);
        list_random(400000 / f, 14);
        list_kind_cases();
        sort_tests();
        printf("ok all\n");
    }
    fflush(stdout);
    return 0;
}
