/* Test driver of the generational collector (gc_gen.c), linked with the whole runtime built
 * with RPY_GC_GEN (and usually RPY_GC_DEBUG, which checks the heap around every collection).
 *
 * It plays generated code: a random mutator allocates nodes (three pointer fields and an id)
 * and arrays of pointers (some large enough to get card tables), links them, moves references
 * between its roots and drops them, takes identity hashes, allocates as the runtime's C code
 * does and reaches safe points, while a model of the graph (ids and edges, in malloc'ed
 * memory) records what the heap must contain. Every so often the whole graph reachable from
 * the roots is compared with the model; identity hashes must never change.
 *
 * Roots live on the shadow stack, as generated code keeps them; the driver holds no other GC
 * pointer across an allocation's slow path or a safe point. A prebuilt node (static data) is
 * one more root, reachable only through its fields.
 *
 * Usage: gc_driver SEED STEPS (the nursery and thresholds come from RPY_GC_* variables).
 * Prints "ok <seed> <collections>" and exits 0, or prints the first mismatch and exits 1. */
#include "rpy.h"
#include <stdio.h>
#include <stdlib.h>

#include "driver_common.h"

enum { TID_NODE = RPY_TID_FIRST_GENERATED, TID_ARR, TID_WIDE };

typedef struct node {
    rpy_hdr hdr;
    Signed id;
    struct node *a, *b, *c;
} node;

typedef struct arr {
    rpy_hdr hdr;
    Signed length;
    Signed id;
    void *items[];
} arr;

/* More GC pointer fields than a fixed-size table row could hold. */
#define WIDE_FIELDS 20
typedef struct wide {
    rpy_hdr hdr;
    Signed id;
    void *f[WIDE_FIELDS];
} wide;

#define PTRS(...) (const uint16_t[]){__VA_ARGS__}
#define W(k) offsetof(wide, f) + 8 * k
const rpy_type_info rpy_type_info_table[] = {
    [RPY_TID_STR] = {sizeof(rpy_str), 1, offsetof(rpy_str, nbytes), offsetof(rpy_str, data), 0, 1, 1, PTRS(offsetof(rpy_str, index))},
    [RPY_TID_BYTES] = {sizeof(rpy_bytes), 1, offsetof(rpy_bytes, length), offsetof(rpy_bytes, data), 0, 1, 0, NULL},
    [RPY_TID_SLOTS_RAW] = {sizeof(rpy_slots), 8, offsetof(rpy_slots, length), offsetof(rpy_slots, items), 0, 0, 0, NULL},
    [RPY_TID_SLOTS_GC] = {sizeof(rpy_slots), 8, offsetof(rpy_slots, length), offsetof(rpy_slots, items), 1, 0, 0, NULL},
    [RPY_TID_LIST_RAW] = {sizeof(rpy_list), 0, 0, 0, 0, 0, 1, PTRS(offsetof(rpy_list, items))},
    [RPY_TID_LIST_GC] = {sizeof(rpy_list), 0, 0, 0, 0, 0, 1, PTRS(offsetof(rpy_list, items))},
    [RPY_TID_BUILDER] = {sizeof(rpy_builder), 0, 0, 0, 0, 0, 1, PTRS(offsetof(rpy_builder, buf))},
    [RPY_TID_DICT] = {sizeof(rpy_dict), 0, 0, 0, 0, 0, 4,
                      PTRS(offsetof(rpy_dict, hashes), offsetof(rpy_dict, keys), offsetof(rpy_dict, values), offsetof(rpy_dict, index))},
    [RPY_TID_FILE] = {sizeof(rpy_file), 0, 0, 0, 0, 0, 0, NULL},
    [RPY_TID_BYTEARRAY] = {sizeof(rpy_bytearray), 0, 0, 0, 0, 0, 1, PTRS(offsetof(rpy_bytearray, buf))},
    [TID_NODE] = {sizeof(node), 0, 0, 0, 0, 0, 3, PTRS(offsetof(node, a), offsetof(node, b), offsetof(node, c))},
    [TID_ARR] = {sizeof(arr), 8, offsetof(arr, length), offsetof(arr, items), 1, 0, 0, NULL},
    [TID_WIDE] = {sizeof(wide), 0, 0, 0, 0, 0, WIDE_FIELDS,
                  PTRS(W(0), W(1), W(2), W(3), W(4), W(5), W(6), W(7), W(8), W(9), W(10), W(11), W(12), W(13), W(14), W(15),
                       W(16), W(17), W(18), W(19))},
};
const uint32_t rpy_type_count = sizeof rpy_type_info_table / sizeof rpy_type_info_table[0];
const rpy_location rpy_locations[] = {{"<gc test>", "<driver>", 0}};

rpy_object *rpy_make_exception(Signed kind, rpy_str *message) {
    (void)kind;
    (void)message;
    fputs("gc_driver: unexpected exception\n", stderr);
    exit(2);
}

void rpy_init_prebuilt(void) {}

/* A prebuilt node, as the backends emit static data. */
static node prebuilt = {{TID_NODE, RPY_GCFLAGS_PREBUILT}, 0, NULL, NULL, NULL};

/* ------------------------------------------------------------------ the model */

enum { K_NODE, K_ARR, K_WIDE };

typedef struct mobj {
    int kind;
    Signed n;          /* edges */
    Signed *edges;     /* ids, -1 for null */
    uint64_t identity; /* 0 until taken */
    Signed seen;       /* the last check that visited it */
} mobj;

static mobj *model;
static Signed n_ids, cap_ids;

static Signed model_new(int kind, Signed n) {
    if (n_ids == cap_ids) {
        cap_ids = cap_ids ? cap_ids * 2 : 4096;
        model = realloc(model, (size_t)cap_ids * sizeof *model);
        CHECK(model, "out of memory");
    }
    mobj *m = &model[n_ids];
    m->kind = kind;
    m->n = n;
    m->edges = malloc((size_t)(n ? n : 1) * sizeof(Signed));
    CHECK(m->edges, "out of memory");
    for (Signed i = 0; i < n; i++) m->edges[i] = -1;
    m->identity = 0;
    m->seen = 0;
    return n_ids++;
}

/* ------------------------------------------------------------------ the heap side */

#define NROOTS 64
static void **roots;        /* on the shadow stack */
static Signed root_ids[NROOTS];   /* the model's view of each root (-1: null) */

static Signed obj_id(void *p) {
    rpy_hdr *h = p;
    switch (h->tid) {
    case TID_NODE: return ((node *)p)->id;
    case TID_ARR: return ((arr *)p)->id;
    case TID_WIDE: return ((wide *)p)->id;
    default: CHECK(0, "object %p of tid %u", p, h->tid);
    }
    return -1;
}

static Signed obj_edges(void *p, void ***edges) {
    rpy_hdr *h = p;
    switch (h->tid) {
    case TID_NODE: *edges = (void **)&((node *)p)->a; return 3;
    case TID_ARR: *edges = ((arr *)p)->items; return ((arr *)p)->length;
    default: *edges = ((wide *)p)->f; return WIDE_FIELDS;
    }
}

/* An allocation as generated code makes it: the fast path, else the slow path (which may
 * collect: the caller holds nothing but its roots). */
static void *alloc_fixed(uint32_t tid, size_t size) {
    void *p = rpy_gc_alloc_fast(tid, RPY_GC_SIZE(size));
    if (!p) p = rpy_gc_alloc_slow(tid, RPY_GC_SIZE(size));
    return p;
}

static void *alloc_arr(Signed n) {
    void *p = rpy_gc_alloc_varsize_fast(TID_ARR, sizeof(arr), 8, n);
    if (!p) p = rpy_gc_alloc_varsize_slow(TID_ARR, sizeof(arr), 8, n);
    CHECK(((arr *)p)->length == n, "the allocation sets the count");
    return p;
}

/* A new object into root r. `from_c`: allocated as the runtime's C code does (never
 * collects), followed by a safe point. */
static void new_object(int r, bool from_c) {
    int kind = below(10) < 6 ? K_NODE : below(3) ? K_ARR : K_WIDE;
    Signed n = kind == K_NODE ? 3 : kind == K_WIDE ? WIDE_FIELDS : (below(20) == 0 ? 4000 + below(3000) : below(200));
    Signed id = model_new(kind, n);
    void *p;
    if (from_c) {
        if (kind == K_NODE) p = rpy_gc_malloc(TID_NODE, sizeof(node));
        else if (kind == K_WIDE) p = rpy_gc_malloc(TID_WIDE, sizeof(wide));
        else p = rpy_gc_malloc_varsize(TID_ARR, sizeof(arr), 8, n);
    } else {
        if (kind == K_NODE) p = alloc_fixed(TID_NODE, sizeof(node));
        else if (kind == K_WIDE) p = alloc_fixed(TID_WIDE, sizeof(wide));
        else p = alloc_arr(n);
    }
    void **edges;
    CHECK(obj_edges(p, &edges) == n, "edges of a new object");
    for (Signed i = 0; i < n; i++) CHECK(edges[i] == NULL, "a new object is zeroed");
    if (kind == K_NODE) ((node *)p)->id = id;
    else if (kind == K_ARR) ((arr *)p)->id = id;
    else ((wide *)p)->id = id;
    /* Fresh: link it to another root's object without a barrier (initializing stores). */
    int other = (int)below(NROOTS);
    if (roots[other] && n > 0) {
        Signed k = below(n);
        edges[k] = roots[other];
        model[id].edges[k] = root_ids[other];
    }
    roots[r] = p;
    root_ids[r] = id;
    if (from_c && below(4) == 0) rpy_gc_collect_pending();   /* a safe point */
}

/* Stores root src's object (or null) into edge k of root dst's object, with the barrier. */
static void store(int dst, int src) {
    void *obj = roots[dst];
    if (!obj) return;
    void **edges;
    Signed n = obj_edges(obj, &edges);
    if (n == 0) return;
    Signed k = below(n);
    void *value = below(8) ? roots[src] : NULL;
    if (((rpy_hdr *)obj)->tid == TID_ARR) rpy_gc_wb_item(obj, k);
    else rpy_gc_wb(obj);
    edges[k] = value;
    model[root_ids[dst]].edges[k] = value ? root_ids[src] : -1;
}

/* Root dst takes edge k of root src's object. */
static void follow(int dst, int src) {
    void *obj = roots[src];
    if (!obj) return;
    void **edges;
    Signed n = obj_edges(obj, &edges);
    if (n == 0) return;
    Signed k = below(n);
    roots[dst] = edges[k];
    root_ids[dst] = model[root_ids[src]].edges[k];
}

static void identity(int r) {
    void *p = roots[r];
    if (!p) return;
    uint64_t h = rpy_gc_identity((uint64_t)(uintptr_t)p);
    mobj *m = &model[root_ids[r]];
    if (m->identity == 0) m->identity = h;
    CHECK(m->identity == h, "identity of %lld changed", (long long)root_ids[r]);
}

/* Walks everything reachable from the roots (and the prebuilt node), comparing with the
 * model. */
static Signed check_round;
static void **stack;
static Signed stack_n, stack_cap;

static void push_check(void *p, Signed want) {
    if (!p) {
        CHECK(want == -1, "null where the model has %lld", (long long)want);
        return;
    }
    Signed id = obj_id(p);
    CHECK(id == want, "object %lld where the model has %lld", (long long)id, (long long)want);
    if (model[id].seen == check_round) return;
    model[id].seen = check_round;
    if (stack_n == stack_cap) {
        stack_cap = stack_cap ? stack_cap * 2 : 1024;
        stack = realloc(stack, (size_t)stack_cap * sizeof *stack);
        CHECK(stack, "out of memory");
    }
    stack[stack_n++] = p;
}

static void check_graph(void) {
    check_round++;
    for (int r = 0; r < NROOTS; r++) push_check(roots[r], root_ids[r]);
    push_check(&prebuilt, 0);
    while (stack_n) {
        void *p = stack[--stack_n];
        Signed id = obj_id(p);
        mobj *m = &model[id];
        void **edges;
        Signed n = obj_edges(p, &edges);
        CHECK(n == m->n, "object %lld has %lld edges, the model %lld", (long long)id, (long long)n, (long long)m->n);
        if (m->identity) CHECK(rpy_gc_identity((uint64_t)(uintptr_t)p) == m->identity, "identity of %lld", (long long)id);
        for (Signed i = 0; i < n; i++) push_check(edges[i], m->edges[i]);
    }
}

Signed rpy_entry(rpy_list *argv) {
    CHECK(argv->length == 3, "usage: gc_driver SEED STEPS");
    uint64_t seed = strtoull(((rpy_str *)(uintptr_t)argv->items->items[1])->data, NULL, 10);
    Signed steps = strtoll(((rpy_str *)(uintptr_t)argv->items->items[2])->data, NULL, 10);
    rng_state = seed * 0x9e3779b97f4a7c15ull + 1;
    /* The prebuilt node is id 0 in the model; a frame of roots on the shadow stack. */
    CHECK(model_new(K_NODE, 3) == 0, "model");
    roots = rpy_ss_top;
    rpy_ss_top += NROOTS;
    for (int r = 0; r < NROOTS; r++) {
        roots[r] = NULL;
        root_ids[r] = -1;
    }
    for (Signed step = 0; step < steps; step++) {
        int r = (int)below(NROOTS), s = (int)below(NROOTS);
        Signed op = below(100);
        if (op < 30) new_object(r, false);
        else if (op < 38) new_object(r, true);
        else if (op < 68) store(r, s);
        else if (op < 80) follow(r, s);
        else if (op < 85) {
            roots[r] = NULL;
            root_ids[r] = -1;
        } else if (op < 90) identity(r);
        else if (op < 95) {
            /* the prebuilt node gets (or loses) a young object */
            Signed k = below(3);
            void *v = roots[r];
            rpy_gc_wb(&prebuilt);
            (&prebuilt.a)[k] = v;
            model[0].edges[k] = v ? root_ids[r] : -1;
            if (below(2)) {
                roots[r] = NULL;
                root_ids[r] = -1;
            }
        } else if (op < 97) {
            /* garbage */
            for (int i = 0; i < 20; i++) (void)alloc_fixed(TID_NODE, sizeof(node));
        } else {
            follow(r, s);
        }
        if (step % 997 == 0) check_graph();
    }
    check_graph();
    rpy_ss_top -= NROOTS;
    printf("ok %llu %lld objects\n", (unsigned long long)seed, (long long)n_ids);
    return 0;
}
