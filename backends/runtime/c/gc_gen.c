/* --gc=gen: a precise, generational, non-incremental collector.
 *
 * Young objects are bump-allocated in the nursery; generated code inlines the fast path
 * (rpy_gc_alloc_fast in rpy.h) and calls rpy_gc_alloc_slow when it fails. A minor collection
 * copies the nursery objects reachable from the roots (the shadow stack, a few runtime
 * globals), from the remembered old objects and from the marked cards of large arrays into
 * the old generation, and empties the nursery. Objects too large for the nursery, and
 * objects the runtime's C code allocates while the nursery is full, are "young raw":
 * allocated outside, never moved; the minor collection that finds them reachable promotes
 * them in place, the others are freed.
 *
 * The old generation never moves: objects up to SMALL_MAX bytes live in pages holding one
 * size class each, with free lists; bigger ones are malloc'ed one by one. A major collection
 * runs right after a minor one (when no young object exists) once the old generation has
 * grown by a factor since the last one: it marks from the roots and from the prebuilt
 * objects that were ever written to, then sweeps.
 *
 * The write barrier (rpy.h) fires on old objects with RPY_GCFLAG_TRACK_YOUNG: they are
 * remembered (the flag is cleared until the next minor collection), or for a large array
 * with a card table, the card of the item is marked. Prebuilt objects start with the flag,
 * and once written to they are also roots of every major collection.
 *
 * The runtime's C code never starts a collection (see rpy.h): when it allocates past a full
 * nursery, the object is young raw and rpy_gc_pending asks generated code to collect at
 * its next safe point.
 *
 * Environment: RPY_GC_NURSERY (bytes, suffixes k/M/G), RPY_GC_MAJOR_FACTOR (the old
 * generation's growth that triggers a major collection, default 1.82), RPY_GC_MAJOR_MIN
 * (no major collection below this many bytes), RPY_GC_STATS=1 (a report on stderr at exit).
 * Compiled with RPY_GC_DEBUG (--gc-debug): heap invariants are checked around every
 * collection, and the nursery alternates between two regions, the idle one inaccessible.
 */
#define _GNU_SOURCE
#include "rpy.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#define SMALL_MAX 512                    /* larger old objects are malloc'ed */
#define NCLASSES (SMALL_MAX / 8 - 1)     /* size classes 16, 24, ..., SMALL_MAX */
#define PAGE_BYTES ((size_t)64 << 10)    /* one size class per page, aligned to its size */
#define PAGE_HEADER 64
#define LARGE_OBJECT RPY_GC_NURSERY_MAX_BYTES   /* never in the nursery */
#define CARD_ITEMS 128                   /* items per card of a large array */
#define FORWARDED 0xffffffffu            /* tid of a copied nursery object; [1] is the copy */
#define SHADOW_STACK_BYTES ((size_t)64 << 20)
#define SHADOW_STACK_MARGIN ((size_t)1 << 20)

/* ------------------------------------------------------------------ state */

char *rpy_nursery_free, *rpy_nursery_top, *rpy_nursery_start;
void **rpy_ss_top, **rpy_ss_limit;
bool rpy_gc_pending;

static size_t nursery_size;
static void **ss_base;
static char *nursery_regions[2];   /* RPY_GC_DEBUG alternates between them */
static int nursery_current;

typedef struct vec {
    void **items;
    size_t n, cap;
} vec;

static vec remembered;      /* old objects written to since the last minor collection */
static vec carded;          /* large arrays with marked cards */
static vec prebuilt_roots;  /* prebuilt objects ever written to */
static vec grey;            /* promoted objects still to scan (minor) / marked, to scan (major) */
static vec young_small;     /* young raw objects in pages */

typedef struct large_obj {
    char *base;   /* what malloc gave: the card table, then the object */
    void *obj;
    size_t size;  /* bytes of the object */
} large_obj;

typedef struct large_vec {
    large_obj *items;
    size_t n, cap;
} large_vec;

static large_vec large;        /* old objects above SMALL_MAX */
static large_vec young_large;  /* young raw objects above SMALL_MAX */

typedef struct page {
    struct page *next;
    uint32_t size;    /* of its objects */
    uint32_t count;   /* objects it holds */
} page;

static page *pages[NCLASSES];
static void *free_lists[NCLASSES];   /* free slots (tid 0), linked through their second word */
/* Pages a major collection emptied, kept for reuse (up to SPARE_PAGES): giving them back to
 * malloc and taking them again costs page faults. */
#define SPARE_PAGES 256
static page *spare_pages;
static size_t spare_count;

/* Identity hashes of nursery objects: the old address each will be copied to. */
typedef struct id_entry {
    void *young, *old;
} id_entry;
static id_entry *id_table;
static size_t id_count, id_cap;   /* cap: a power of two, or 0 */

static size_t old_bytes;        /* allocated in the old generation (young raw included) */
static size_t young_raw_bytes;  /* allocated young raw since the last minor collection */
static size_t major_threshold, major_min;
static double major_factor = 1.82;

static struct {
    Signed minors, majors;
    double seconds;
    size_t peak, allocated, promoted;
} stats;

static void out_of_memory(void) {
    fputs("MemoryError: out of memory\n", stderr);
    rpy_flush_all();
    _Exit(1);
}

static void fatal(const char *what) {
    rpy_flush_all();
    fprintf(stderr, "fatal: rpy GC: %s\n", what);
    abort();
}

static void vec_push(vec *v, void *p) {
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 256;
        v->items = realloc(v->items, v->cap * sizeof *v->items);
        if (!v->items) out_of_memory();
    }
    v->items[v->n++] = p;
}

static void large_push(large_vec *v, large_obj o) {
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 64;
        v->items = realloc(v->items, v->cap * sizeof *v->items);
        if (!v->items) out_of_memory();
    }
    v->items[v->n++] = o;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void note_peak(void) {
    size_t heap = old_bytes + nursery_size;
    if (heap > stats.peak) stats.peak = heap;
}

/* ------------------------------------------------------------------ objects */

static inline const rpy_type_info *info(const void *obj) { return &rpy_type_info_table[((const rpy_hdr *)obj)->tid]; }

static inline bool has_ptrs(const rpy_type_info *ti) { return ti->n_ptrs || ti->items_are_gc; }

static inline Signed item_count(const void *obj, const rpy_type_info *ti) {
    return *(const Signed *)((const char *)obj + ti->length_offset);
}

static inline size_t obj_size(const void *obj) {
    const rpy_type_info *ti = info(obj);
    size_t size = ti->fixed_size;
    if (ti->item_size) size += ti->item_size * (size_t)(item_count(obj, ti) + ti->items_extra);
    return RPY_GC_SIZE(size);
}

static inline bool in_nursery(const void *p) {
    return (const char *)p >= rpy_nursery_start && (const char *)p < rpy_nursery_start + nursery_size;
}

/* Runs BODY with SLOT bound to the address of each GC pointer of obj. */
#define FOR_EACH_PTR(obj, SLOT, BODY)                                                   \
    do {                                                                                \
        const rpy_type_info *ti_ = info(obj);                                           \
        for (uint32_t k_ = 0; k_ < ti_->n_ptrs; k_++) {                                 \
            void **SLOT = (void **)((char *)(obj) + ti_->ptr_offsets[k_]);             \
            BODY;                                                                       \
        }                                                                               \
        if (ti_->items_are_gc) {                                                        \
            Signed n_ = item_count(obj, ti_);                                           \
            void **items_ = (void **)((char *)(obj) + ti_->items_offset);              \
            for (Signed k_ = 0; k_ < n_; k_++) {                                        \
                void **SLOT = &items_[k_];                                              \
                BODY;                                                                   \
            }                                                                           \
        }                                                                               \
    } while (0)

/* ------------------------------------------------------------------ the old generation */

static inline int size_class(size_t size) { return (int)(size / 8) - 2; }

static void new_page(int c) {
    page *pg = spare_pages;
    if (pg) {
        spare_pages = pg->next;
        spare_count--;
    } else {
        pg = aligned_alloc(PAGE_BYTES, PAGE_BYTES);
        if (!pg) out_of_memory();
    }
    size_t size = (size_t)(c + 2) * 8;
    pg->size = (uint32_t)size;
    pg->count = (uint32_t)((PAGE_BYTES - PAGE_HEADER) / size);
    pg->next = pages[c];
    pages[c] = pg;
    /* Every slot free, linked in address order. */
    char *first = (char *)pg + PAGE_HEADER;
    void *next = free_lists[c];
    for (uint32_t k = pg->count; k-- > 0;) {
        rpy_hdr *h = (rpy_hdr *)(first + k * size);
        h->tid = 0;
        h->gcflags = 0;
        ((void **)h)[1] = next;
        next = h;
    }
    free_lists[c] = next;
}

/* An old slot of `size` bytes (a multiple of 8, at most SMALL_MAX); not zeroed. */
static inline void *small_alloc(size_t size) {
    int c = size_class(size);
    if (RPY_UNLIKELY(!free_lists[c])) new_page(c);
    void **p = free_lists[c];
    free_lists[c] = p[1];
    old_bytes += size;
    return p;
}

static void small_free(void *p) {
    page *pg = (page *)((uintptr_t)p & ~(uintptr_t)(PAGE_BYTES - 1));
    int c = size_class(pg->size);
#ifdef RPY_GC_DEBUG
    memset(p, 0xdb, pg->size);
#endif
    ((rpy_hdr *)p)->tid = 0;
    ((rpy_hdr *)p)->gcflags = 0;
    ((void **)p)[1] = free_lists[c];
    free_lists[c] = p;
    old_bytes -= pg->size;
}

/* Bytes of the card table before a large array of n items (one bit per CARD_ITEMS items). */
static size_t card_bytes(const rpy_type_info *ti, size_t size) {
    if (!ti->items_are_gc) return 0;
    size_t n = (size - ti->items_offset) / 8;
    size_t cards = (n + CARD_ITEMS - 1) / CARD_ITEMS;
    return ((cards + 7) / 8 + 7) & ~(size_t)7;
}

/* A zeroed object above SMALL_MAX bytes, with a card table when it is an array of GC
 * pointers. */
static void *large_alloc(uint32_t tid, size_t size, large_vec *into) {
    size_t cb = card_bytes(&rpy_type_info_table[tid], size);
    char *base = calloc(1, cb + size);
    if (!base) out_of_memory();
    void *obj = base + cb;
    if (cb) ((rpy_hdr *)obj)->gcflags = RPY_GCFLAG_HAS_CARDS;
    large_push(into, (large_obj){ base, obj, size });
    old_bytes += size;
    return obj;
}

/* Where a nursery object survives (not zeroed, no header). */
static void *old_alloc(size_t size) {
    if (size <= SMALL_MAX) return small_alloc(size);
    void *p = large_alloc(RPY_TID_NONE, size, &large);
    ((rpy_hdr *)p)->gcflags = 0;
    return p;
}

/* A zeroed young raw object. */
static void *young_raw_alloc(uint32_t tid, size_t size) {
    void *p;
    if (size <= SMALL_MAX) {
        p = small_alloc(size);
        memset(p, 0, size);
        vec_push(&young_small, p);
    } else {
        p = large_alloc(tid, size, &young_large);
    }
    rpy_hdr *h = p;
    h->tid = tid;
    h->gcflags |= RPY_GCFLAG_YOUNG_RAW;
    young_raw_bytes += size;
    note_peak();
    return p;
}

/* ------------------------------------------------------------------ identity hashes */

static inline size_t id_hash(const void *p) { return (size_t)(((uintptr_t)p >> 3) * 0x9e3779b97f4a7c15ull >> 20); }

static void *id_lookup(const void *young) {
    if (!id_count) return NULL;
    for (size_t i = id_hash(young) & (id_cap - 1);; i = (i + 1) & (id_cap - 1)) {
        if (id_table[i].young == young) return id_table[i].old;
        if (!id_table[i].young) return NULL;
    }
}

static void id_insert(void *young, void *old) {
    if (2 * (id_count + 1) > id_cap) {
        id_entry *prev = id_table;
        size_t prev_cap = id_cap;
        id_cap = id_cap ? id_cap * 2 : 64;
        id_table = calloc(id_cap, sizeof *id_table);
        if (!id_table) out_of_memory();
        id_count = 0;
        for (size_t i = 0; i < prev_cap; i++)
            if (prev[i].young) id_insert(prev[i].young, prev[i].old);
        free(prev);
    }
    size_t i = id_hash(young) & (id_cap - 1);
    while (id_table[i].young) i = (i + 1) & (id_cap - 1);
    id_table[i] = (id_entry){ young, old };
    id_count++;
}

uint64_t rpy_gc_identity_slow(uint64_t p) {
    void *young = (void *)(uintptr_t)p;
    void *old = id_lookup(young);
    if (!old) {
        old = old_alloc(obj_size(young));
        ((rpy_hdr *)old)->tid = 0;   /* reserved, not an object yet */
        id_insert(young, old);
    }
    return (uint64_t)(uintptr_t)old;
}

/* ------------------------------------------------------------------ debug checks */

#ifdef RPY_GC_DEBUG
static char *stack_base;   /* of the thread running the program */

static int cmp_ptr(const void *a, const void *b) {
    uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
    return x < y ? -1 : x > y;
}

static vec sorted_pages, sorted_large;

static void index_heap(void) {
    sorted_pages.n = sorted_large.n = 0;
    for (int c = 0; c < NCLASSES; c++)
        for (page *pg = pages[c]; pg; pg = pg->next) vec_push(&sorted_pages, pg);
    for (size_t i = 0; i < large.n; i++) vec_push(&sorted_large, large.items[i].obj);
    for (size_t i = 0; i < young_large.n; i++) vec_push(&sorted_large, young_large.items[i].obj);
    if (sorted_pages.n > 1) qsort(sorted_pages.items, sorted_pages.n, sizeof(void *), cmp_ptr);
    if (sorted_large.n > 1) qsort(sorted_large.items, sorted_large.n, sizeof(void *), cmp_ptr);
}

static bool sorted_has(const vec *v, const void *p) {
    return v->n && bsearch(&p, v->items, v->n, sizeof(void *), cmp_ptr) != NULL;
}

/* An allocated object of the old generation (or a young raw one). */
static bool heap_object(const void *p) {
    const void *pg = (const void *)((uintptr_t)p & ~(uintptr_t)(PAGE_BYTES - 1));
    if (sorted_has(&sorted_pages, pg)) {
        const page *g = pg;
        size_t off = (size_t)((const char *)p - (const char *)pg);
        return off >= PAGE_HEADER && (off - PAGE_HEADER) % g->size == 0 && (off - PAGE_HEADER) / g->size < g->count &&
               ((const rpy_hdr *)p)->tid != 0;
    }
    return sorted_has(&sorted_large, p) && ((const rpy_hdr *)p)->tid != 0;
}

static bool young(const void *p) { return in_nursery(p) || (((const rpy_hdr *)p)->gcflags & RPY_GCFLAG_YOUNG_RAW); }

/* A GC pointer found at `where`: null, a prebuilt object, a heap object, or (when young_ok)
 * a nursery object. */
static void check_ptr(const void *p, bool young_ok, const char *where) {
    if (!p) return;
    if ((uintptr_t)p & 7) { fprintf(stderr, "rpy GC check: misaligned pointer %p in %s\n", p, where); abort(); }
    if (in_nursery(p)) {
        if (!young_ok) { fprintf(stderr, "rpy GC check: pointer %p into the empty nursery in %s\n", p, where); abort(); }
        if (((const rpy_hdr *)p)->tid == 0 || ((const rpy_hdr *)p)->tid >= rpy_type_count) {
            fprintf(stderr, "rpy GC check: nursery pointer %p to no object in %s\n", p, where);
            abort();
        }
        return;
    }
    if (heap_object(p)) {
        const rpy_hdr *h = p;
        if (h->tid >= rpy_type_count || (h->gcflags & RPY_GCFLAG_MARKED) || ((h->gcflags & RPY_GCFLAG_YOUNG_RAW) && !young_ok)) {
            fprintf(stderr, "rpy GC check: bad header (tid %u, flags %#x) at %p in %s\n", h->tid, h->gcflags, p, where);
            abort();
        }
        return;
    }
    const rpy_hdr *h = p;   /* not in the heap: must be prebuilt (reading it may fault: good) */
    if (!(h->gcflags & RPY_GCFLAG_PREBUILT) || h->tid == 0 || h->tid >= rpy_type_count) {
        fprintf(stderr, "rpy GC check: pointer %p to no object in %s\n", p, where);
        abort();
    }
}

static void check_object(const void *obj, bool young_ok, const char *where) {
    FOR_EACH_PTR(obj, slot, check_ptr(*slot, young_ok, where));
}

/* A card of a large array covering item k is marked. */
static bool card_marked(const void *arr, Signed k) {
    size_t c = (size_t)k / CARD_ITEMS;
    return (((const uint8_t *)arr)[-1 - (Signed)(c / 8)] >> (c % 8)) & 1;
}

/* Before a minor collection: an old object holding a young pointer is remembered (or for a
 * large array, the card of that item is marked). */
static void check_remembered(const void *obj) {
    const rpy_hdr *h = obj;
    if (!(h->gcflags & RPY_GCFLAG_TRACK_YOUNG)) return;
    const rpy_type_info *ti = info(obj);
    for (uint32_t k = 0; k < ti->n_ptrs; k++) {
        void *p = *(void **)((char *)obj + ti->ptr_offsets[k]);
        if (p && young(p)) { fprintf(stderr, "rpy GC check: old object %p (tid %u) holds young %p, not remembered\n", obj, h->tid, p); abort(); }
    }
    if (ti->items_are_gc) {
        void **items = (void **)((char *)obj + ti->items_offset);
        Signed n = item_count(obj, ti);
        for (Signed k = 0; k < n; k++) {
            if (items[k] && young(items[k]) && !((h->gcflags & RPY_GCFLAG_HAS_CARDS) && card_marked(obj, k))) {
                fprintf(stderr, "rpy GC check: old array %p holds young %p at %lld, not remembered\n", obj, items[k], (long long)k);
                abort();
            }
        }
    }
}

static void for_each_old_object(void (*f)(const void *)) {
    for (int c = 0; c < NCLASSES; c++)
        for (page *pg = pages[c]; pg; pg = pg->next)
            for (uint32_t k = 0; k < pg->count; k++) {
                const rpy_hdr *h = (const rpy_hdr *)((char *)pg + PAGE_HEADER + k * pg->size);
                if (h->tid != 0 && !(h->gcflags & RPY_GCFLAG_YOUNG_RAW)) f(h);
            }
    for (size_t i = 0; i < large.n; i++)
        if (((rpy_hdr *)large.items[i].obj)->tid != 0) f(large.items[i].obj);
}

static void check_old_before(const void *obj) {
    check_object(obj, true, "an old object");
    check_remembered(obj);
}

static void check_old_after(const void *obj) {
    const rpy_hdr *h = obj;
    if (has_ptrs(info(obj)) && !(h->gcflags & RPY_GCFLAG_TRACK_YOUNG)) {
        fprintf(stderr, "rpy GC check: old object %p (tid %u) left without its write barrier\n", obj, h->tid);
        abort();
    }
    if (h->gcflags & RPY_GCFLAG_CARDS_SET) { fprintf(stderr, "rpy GC check: cards left marked on %p\n", obj); abort(); }
    check_object(obj, false, "an old object");
}

extern rpy_object *rpy_exc_last_raised;
extern rpy_str *rpy_one_char[256];

static void check_roots(bool young_ok) {
#ifndef __SANITIZE_ADDRESS__
    char here;
#endif
    for (void **s = ss_base; s < rpy_ss_top; s++) {
        uintptr_t e = (uintptr_t)*s;
        if (e & 1) {
            char *addr = (char *)(e & ~(uintptr_t)1);
#ifndef __SANITIZE_ADDRESS__   /* AddressSanitizer may keep locals in a heap "fake stack" */
            if (stack_base && (addr < &here || addr >= stack_base)) {
                fprintf(stderr, "rpy GC check: a C root at %p outside the live stack (an unbalanced RPY_ROOT_PUSH?)\n", (void *)addr);
                abort();
            }
#endif
            check_ptr(*(void **)addr, young_ok, "a C root");
        } else {
            check_ptr((void *)e, young_ok, "the shadow stack");
        }
    }
    check_ptr(rpy_exc_value, young_ok, "the pending exception");
    check_ptr(rpy_exc_last_raised, young_ok, "the last exception");
    for (int i = 0; i < 256; i++) check_ptr(rpy_one_char[i], young_ok, "the one-character strings");
    for (size_t i = 0; i < prebuilt_roots.n; i++) check_object(prebuilt_roots.items[i], young_ok, "a prebuilt object");
}

static void check_before_minor(void) {
    index_heap();
    check_roots(true);
    for_each_old_object(check_old_before);
    for (size_t i = 0; i < remembered.n; i++) {
        const rpy_hdr *h = remembered.items[i];
        if (h->gcflags & RPY_GCFLAG_TRACK_YOUNG) { fprintf(stderr, "rpy GC check: remembered %p still tracked\n", (void *)h); abort(); }
    }
}

static void check_after(void) {
    index_heap();
    if (young_small.n || young_large.n || remembered.n || carded.n || id_count || rpy_nursery_free != rpy_nursery_start) fatal("young state left after a collection");
    check_roots(false);
    for_each_old_object(check_old_after);
}
#endif

/* ------------------------------------------------------------------ minor collections */

extern rpy_object *rpy_exc_last_raised;
extern rpy_str *rpy_one_char[256];

/* Young raw objects not yet reached by this minor collection: when none is left, pointers
 * out of the nursery need no look at their header (a cache miss per old object). */
static size_t young_raw_unreached;

/* Makes *slot point to the surviving copy of a young object. */
static void trace_young(void **slot) {
    char *p = *slot;
    if (in_nursery(p)) {
        rpy_hdr *h = (rpy_hdr *)p;
        if (h->tid == FORWARDED) {
            *slot = ((void **)p)[1];
            return;
        }
        const rpy_type_info *ti = info(p);
        size_t size = obj_size(p);
        char *q = id_count ? id_lookup(p) : NULL;
        if (!q) q = old_alloc(size);
        memcpy(q, p, size);
        bool ptrs = has_ptrs(ti);
        ((rpy_hdr *)q)->gcflags = ptrs ? RPY_GCFLAG_TRACK_YOUNG : 0;
        h->tid = FORWARDED;
        ((void **)p)[1] = q;
        *slot = q;
        stats.promoted += size;
        if (ptrs) vec_push(&grey, q);
    } else if (young_raw_unreached && p && (((rpy_hdr *)p)->gcflags & RPY_GCFLAG_YOUNG_RAW)) {
        rpy_hdr *h = (rpy_hdr *)p;
        h->gcflags &= ~RPY_GCFLAG_YOUNG_RAW;
        young_raw_unreached--;
        if (has_ptrs(info(p))) {
            h->gcflags |= RPY_GCFLAG_TRACK_YOUNG;
            vec_push(&grey, p);
        }
    }
}

static void trace_roots(void (*trace)(void **)) {
    for (void **s = ss_base; s < rpy_ss_top; s++) {
        uintptr_t e = (uintptr_t)*s;
        trace(e & 1 ? (void **)(e & ~(uintptr_t)1) : s);
    }
    trace((void **)&rpy_exc_value);
    trace((void **)&rpy_exc_last_raised);
    for (int i = 0; i < 256; i++) trace((void **)&rpy_one_char[i]);
}

static void scan_cards(void *arr) {
    const rpy_type_info *ti = info(arr);
    Signed n = item_count(arr, ti);
    void **items = (void **)((char *)arr + ti->items_offset);
    uint8_t *cards = (uint8_t *)arr - 1;
    size_t ncards = ((size_t)n + CARD_ITEMS - 1) / CARD_ITEMS;
    for (size_t c = 0; c < ncards; c++) {
        if (!((cards[-(Signed)(c / 8)] >> (c % 8)) & 1)) continue;
        Signed end = (Signed)(c + 1) * CARD_ITEMS < n ? (Signed)(c + 1) * CARD_ITEMS : n;
        for (Signed k = (Signed)c * CARD_ITEMS; k < end; k++) trace_young(&items[k]);
    }
    memset(cards - (ncards + 7) / 8 + 1, 0, (ncards + 7) / 8);
    ((rpy_hdr *)arr)->gcflags &= ~RPY_GCFLAG_CARDS_SET;
}

static void major_collection(void);

static void reset_nursery(void) {
#ifdef RPY_GC_DEBUG
    /* The other region becomes the nursery; this one is inaccessible until the next minor
     * collection, so a stale pointer into it faults. */
    char *old = rpy_nursery_start;
    nursery_current ^= 1;
    rpy_nursery_start = nursery_regions[nursery_current];
    if (mprotect(rpy_nursery_start, nursery_size, PROT_READ | PROT_WRITE) != 0) fatal("mprotect");
    memset(rpy_nursery_start, 0, nursery_size);
    if (mprotect(old, nursery_size, PROT_NONE) != 0) fatal("mprotect");
#else
    memset(rpy_nursery_start, 0, (size_t)(rpy_nursery_free - rpy_nursery_start));
#endif
    rpy_nursery_free = rpy_nursery_start;
    rpy_nursery_top = rpy_nursery_start + nursery_size;
}

static void minor_collection(void) {
#ifdef RPY_GC_DEBUG
    check_before_minor();
#endif
    stats.minors++;
    stats.allocated += (size_t)(rpy_nursery_free - rpy_nursery_start) + young_raw_bytes;
    young_raw_unreached = young_small.n + young_large.n;
    trace_roots(trace_young);
    for (size_t i = 0; i < remembered.n; i++) {
        rpy_hdr *h = remembered.items[i];
        FOR_EACH_PTR(h, slot, trace_young(slot));
        h->gcflags |= RPY_GCFLAG_TRACK_YOUNG;
    }
    remembered.n = 0;
    for (size_t i = 0; i < carded.n; i++) scan_cards(carded.items[i]);
    carded.n = 0;
    while (grey.n) {
        void *obj = grey.items[--grey.n];
        FOR_EACH_PTR(obj, slot, trace_young(slot));
    }
    /* Young raw objects still flagged were not reached. */
    for (size_t i = 0; i < young_small.n; i++) {
        rpy_hdr *h = young_small.items[i];
        if (h->gcflags & RPY_GCFLAG_YOUNG_RAW) small_free(h);
    }
    young_small.n = 0;
    for (size_t i = 0; i < young_large.n; i++) {
        large_obj o = young_large.items[i];
        if (((rpy_hdr *)o.obj)->gcflags & RPY_GCFLAG_YOUNG_RAW) {
            old_bytes -= o.size;
            free(o.base);
        } else {
            large_push(&large, o);
        }
    }
    young_large.n = 0;
    /* Addresses reserved for identity hashes of objects that died. */
    if (id_count) {
        for (size_t i = 0; i < id_cap; i++) {
            id_entry e = id_table[i];
            if (!e.young || ((rpy_hdr *)e.young)->tid == FORWARDED) continue;
            if (obj_size(e.young) <= SMALL_MAX) small_free(e.old);
            /* a large one stays in `large` with tid 0 until the next major collection */
        }
        memset(id_table, 0, id_cap * sizeof *id_table);
        id_count = 0;
    }
    reset_nursery();
    young_raw_bytes = 0;
    rpy_gc_pending = false;
    note_peak();
#ifdef RPY_GC_DEBUG
    check_after();
#endif
    if (old_bytes > major_threshold) major_collection();
}

/* ------------------------------------------------------------------ major collections */

static void mark(void **slot) {
    rpy_hdr *h = *slot;
    if (!h || (h->gcflags & (RPY_GCFLAG_MARKED | RPY_GCFLAG_PREBUILT))) return;
    h->gcflags |= RPY_GCFLAG_MARKED;
    if (has_ptrs(info(h))) vec_push(&grey, h);
}

static void major_collection(void) {
    stats.majors++;
    trace_roots(mark);
    for (size_t i = 0; i < prebuilt_roots.n; i++) FOR_EACH_PTR(prebuilt_roots.items[i], slot, mark(slot));
    while (grey.n) {
        void *obj = grey.items[--grey.n];
        FOR_EACH_PTR(obj, slot, mark(slot));
    }
    /* Sweep the pages (rebuilding the free lists in address order), then the large objects. */
    for (int c = 0; c < NCLASSES; c++) {
        void *head = NULL, **tail = &head;
        page **link = &pages[c];
        while (*link) {
            page *pg = *link;
            char *first = (char *)pg + PAGE_HEADER;
            void *page_head = NULL, **page_tail = &page_head;
            uint32_t live = 0;
            for (uint32_t k = 0; k < pg->count; k++) {
                rpy_hdr *h = (rpy_hdr *)(first + k * pg->size);
                if (h->tid != 0 && (h->gcflags & RPY_GCFLAG_MARKED)) {
                    h->gcflags &= ~RPY_GCFLAG_MARKED;
                    live++;
                    continue;
                }
                if (h->tid != 0) small_free(h);   /* counts the bytes; relinked below */
                ((void **)h)[1] = NULL;
                *page_tail = h;
                page_tail = (void **)&((void **)h)[1];
            }
            if (live == 0) {
                *link = pg->next;
                if (spare_count < SPARE_PAGES) {
                    pg->next = spare_pages;
                    spare_pages = pg;
                    spare_count++;
                } else {
                    free(pg);
                }
                continue;
            }
            if (page_head) {   /* (when none, page_tail is the local page_head) */
                *tail = page_head;
                tail = page_tail;
            }
            link = &pg->next;
        }
        *tail = NULL;
        free_lists[c] = head;
    }
    size_t kept = 0;
    for (size_t i = 0; i < large.n; i++) {
        large_obj o = large.items[i];
        rpy_hdr *h = o.obj;
        if (h->tid != 0 && (h->gcflags & RPY_GCFLAG_MARKED)) {
            h->gcflags &= ~RPY_GCFLAG_MARKED;
            large.items[kept++] = o;
        } else {
            old_bytes -= o.size;
            free(o.base);
        }
    }
    large.n = kept;
    double next = (double)old_bytes * major_factor;
    major_threshold = next > (double)major_min ? (size_t)next : major_min;
#ifdef RPY_GC_DEBUG
    check_after();
#endif
}

static void collect(void) {
    double t0 = now();
    minor_collection();
    stats.seconds += now() - t0;
}

/* ------------------------------------------------------------------ allocation */

void *rpy_gc_alloc_slow(uint32_t tid, size_t size) {
    if (size >= LARGE_OBJECT || size > nursery_size / 2) {
        if (young_raw_bytes > nursery_size) collect();
        return young_raw_alloc(tid, size);
    }
    collect();
    void *p = rpy_gc_alloc_fast(tid, size);
    if (!p) fatal("no room in an empty nursery");
    return p;
}

static size_t varsize_bytes(size_t fixed, size_t itemsize, Signed n) {
    if (n < 0 || (itemsize && (size_t)n > ((size_t)1 << 40) / itemsize)) out_of_memory();
    return RPY_GC_SIZE(fixed + itemsize * (size_t)n);
}

void *rpy_gc_alloc_varsize_slow(uint32_t tid, size_t fixed, size_t itemsize, Signed n) {
    void *p = rpy_gc_alloc_slow(tid, varsize_bytes(fixed, itemsize, n));
    const rpy_type_info *ti = &rpy_type_info_table[tid];
    if (ti->item_size) *(Signed *)((char *)p + ti->length_offset) = n - ti->items_extra;
    return p;
}

/* Both paths out of line (the C backend's choice in very large functions, where inlining
 * the fast path at every allocation makes the C compiler slow). */
void *rpy_gc_alloc(uint32_t tid, size_t size) {
    void *p = rpy_gc_alloc_fast(tid, size);
    return p ? p : rpy_gc_alloc_slow(tid, size);
}

void *rpy_gc_alloc_varsize(uint32_t tid, size_t fixed, size_t itemsize, Signed n) {
    void *p = rpy_gc_alloc_varsize_fast(tid, fixed, itemsize, n);
    return p ? p : rpy_gc_alloc_varsize_slow(tid, fixed, itemsize, n);
}

void rpy_gc_collect_pending(void) {
    if (rpy_gc_pending) collect();
}

/* For C code: never collects. */
void *rpy_gc_malloc(uint32_t tid, size_t size) {
    size = RPY_GC_SIZE(size);
    void *p = size < LARGE_OBJECT ? rpy_gc_alloc_fast(tid, size) : NULL;
    if (p) return p;
    p = young_raw_alloc(tid, size);
    if (size < LARGE_OBJECT || young_raw_bytes > nursery_size) rpy_gc_pending = true;
    return p;
}

void *rpy_gc_malloc_varsize(uint32_t tid, size_t fixed, size_t itemsize, Signed n) {
    void *p = rpy_gc_malloc(tid, varsize_bytes(fixed, itemsize, n));
    const rpy_type_info *ti = &rpy_type_info_table[tid];
    if (ti->item_size) *(Signed *)((char *)p + ti->length_offset) = n - ti->items_extra;
    return p;
}

/* ------------------------------------------------------------------ the write barrier */

void rpy_gc_remember(void *obj) {
    rpy_hdr *h = obj;
    h->gcflags &= ~RPY_GCFLAG_TRACK_YOUNG;
    vec_push(&remembered, obj);
    if ((h->gcflags & (RPY_GCFLAG_PREBUILT | RPY_GCFLAG_ROOTED)) == RPY_GCFLAG_PREBUILT) {
        h->gcflags |= RPY_GCFLAG_ROOTED;
        vec_push(&prebuilt_roots, obj);
    }
}

void rpy_gc_remember_item(void *array, Signed index) {
    rpy_hdr *h = array;
    if (!(h->gcflags & RPY_GCFLAG_HAS_CARDS)) {
        rpy_gc_remember(array);
        return;
    }
    size_t c = (size_t)index / CARD_ITEMS;
    ((uint8_t *)array)[-1 - (Signed)(c / 8)] |= (uint8_t)(1u << (c % 8));
    if (!(h->gcflags & RPY_GCFLAG_CARDS_SET)) {
        h->gcflags |= RPY_GCFLAG_CARDS_SET;
        vec_push(&carded, array);
    }
}

/* ------------------------------------------------------------------ set-up and report */

/* A size from the environment: digits with an optional k/M/G suffix. */
static bool env_size(const char *name, size_t *out) {
    const char *s = getenv(name);
    if (!s || !*s) return false;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    default: break;
    }
    if (*end == 'b' || *end == 'B') end++;
    if (*end || end == s) {
        fprintf(stderr, "rpy: ignoring %s=%s (expected a size like 4M)\n", name, s);
        return false;
    }
    *out = (size_t)v;
    return true;
}

static char *map_region(size_t size, bool reserve_only) {
    char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | (reserve_only ? MAP_NORESERVE : 0), -1, 0);
    if (p == MAP_FAILED) out_of_memory();
    return p;
}

void rpy_gc_init(void) {
    nursery_size = (size_t)4 << 20;
    env_size("RPY_GC_NURSERY", &nursery_size);
    nursery_size = (nursery_size + 15) & ~(size_t)15;
    if (nursery_size < 64) nursery_size = 64;
    major_min = nursery_size * 8 > ((size_t)1 << 20) ? nursery_size * 8 : ((size_t)1 << 20);
    env_size("RPY_GC_MAJOR_MIN", &major_min);
    const char *f = getenv("RPY_GC_MAJOR_FACTOR");
    if (f && *f) {
        double v = strtod(f, NULL);
        if (v > 1.0) major_factor = v;
        else fprintf(stderr, "rpy: ignoring RPY_GC_MAJOR_FACTOR=%s (expected a number above 1)\n", f);
    }
    major_threshold = major_min;
#ifdef RPY_GC_DEBUG
    size_t map = (nursery_size + 4095) & ~(size_t)4095;
    nursery_regions[0] = map_region(map, false);
    nursery_regions[1] = map_region(map, false);
    if (mprotect(nursery_regions[1], map, PROT_NONE) != 0) fatal("mprotect");
#else
    nursery_regions[0] = map_region(nursery_size, false);
#endif
    rpy_nursery_start = rpy_nursery_free = nursery_regions[0];
    rpy_nursery_top = rpy_nursery_start + nursery_size;
    /* The shadow stack, with an inaccessible page after it. */
    char *ss = map_region(SHADOW_STACK_BYTES + 4096, true);
    if (mprotect(ss + SHADOW_STACK_BYTES, 4096, PROT_NONE) != 0) fatal("mprotect");
    ss_base = rpy_ss_top = (void **)ss;
    rpy_ss_limit = (void **)(ss + SHADOW_STACK_BYTES - SHADOW_STACK_MARGIN);
    note_peak();
}

void rpy_gc_thread_start(void) {
#ifdef RPY_GC_DEBUG
    stack_base = (char *)__builtin_frame_address(0) + 4096;   /* generous: the caller's frame too */
#endif
}

void rpy_gc_thread_end(void) {}

void rpy_gc_report(void) {
    const char *s = getenv("RPY_GC_STATS");
    if (!s || !*s || *s == '0') return;
    stats.allocated += (size_t)(rpy_nursery_free - rpy_nursery_start) + young_raw_bytes;
    fprintf(stderr,
            "gc=gen: %lld minor and %lld major collections, %.3f s in the GC, peak heap %.1f MB "
            "(nursery %.1f MB), %.1f MB allocated, %.1f MB promoted\n",
            (long long)stats.minors, (long long)stats.majors, stats.seconds, (double)stats.peak / 1048576.0,
            (double)nursery_size / 1048576.0, (double)stats.allocated / 1048576.0, (double)stats.promoted / 1048576.0);
}
