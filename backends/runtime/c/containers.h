/* Dicts, sets, list operations and sorting (containers.c).
 *
 * Included by rpy.h near its end (uses rpy.h's types; does not include it).
 *
 * Values in containers are 8-byte slots; how they are hashed, compared and ordered is given by
 * an RPY_KIND_* constant (and, for RPY_KIND_CUSTOM, by functions):
 *   INT, UINT, CHAR   by value (ordered as Signed, Unsigned, Unsigned)
 *   FLOAT             by == on doubles; 0.0 and -0.0 are one key; a NaN equals only a NaN
 *                     with the same bits (CPython: only the same object)
 *   STR, BYTES        by contents (rpy_str_eq / memcmp), ordered bytewise
 *   PTR               by address (identity)
 *   CUSTOM            by the given functions; equality tries identity (same slot) first,
 *                     as CPython's containers do
 * Where CPython would compare NaNs inside lists (==, <), the same-bits rule stands in for
 * CPython's identity test, and rpy_list_cmp reports two unordered items as "greater".
 *
 * Dicts (rpy_dict, see rpy.h) are insertion-ordered like CPython's compact dict: entries are
 * appended to `hashes`/`keys`/`values` (deleted ones get hash RPY_DICT_DELETED and zeroed
 * slots); `index` is an open-addressing table of 2^k entry numbers (-1 empty, -2 deleted),
 * probed with CPython's perturbation scheme, followed by ONE extra slot counting the positions
 * in use (live + deleted), so index->length == 2^k + 1. The table is rebuilt (entries
 * compacted) when 2/3 of it is in use. Sets are dicts without values (values == NULL) and
 * keep insertion order too (CPython's set order differs).
 *
 * Functions that call user code (RPY_KIND_CUSTOM hash/eq/lt) stop when it raises: the caller
 * tests rpy_exc_occurred(). Errors (IndexError, ValueError) are raised with CPython's
 * messages; such functions then return 0 / NULL.
 */
#ifndef RPY_CONTAINERS_H
#define RPY_CONTAINERS_H

/* ------------------------------------------------------------------ dicts */

/* A new empty dict (or set when is_set: no values). keys_gc/values_gc: the slots hold GC
 * pointers. hash/eq are used for RPY_KIND_CUSTOM keys only (NULL otherwise). */
rpy_dict *rpy_dict_new(Signed keykind, bool keys_gc, bool values_gc, bool is_set,
                       Signed (*hash)(uint64_t), bool (*eq)(uint64_t, uint64_t));
Signed rpy_dict_lookup(rpy_dict *d, uint64_t key);                  /* entry number or -1 */
void rpy_dict_setitem(rpy_dict *d, uint64_t key, uint64_t value);   /* sets ignore value */
bool rpy_dict_delitem(rpy_dict *d, uint64_t key);   /* false if absent (the caller raises KeyError) */
uint64_t rpy_dict_key_at(rpy_dict *d, Signed entry);
uint64_t rpy_dict_value_at(rpy_dict *d, Signed entry);
void rpy_dict_set_value_at(rpy_dict *d, Signed entry, uint64_t value);
/* Iteration: first live entry >= entry, or -1 (start with 0, continue with e + 1). */
Signed rpy_dict_next(rpy_dict *d, Signed entry);
Signed rpy_dict_prev(rpy_dict *d, Signed entry);
Signed rpy_dict_last(rpy_dict *d);                  /* last live entry or -1 (popitem) */
void rpy_dict_clear(rpy_dict *d);
rpy_dict *rpy_dict_copy(rpy_dict *d);
void rpy_dict_update(rpy_dict *d, rpy_dict *other);  /* d[k] = v for other's items, in order */
/* dict == dict (valuekind/value_eq compare the values); for sets the values are ignored. */
bool rpy_dict_eq(rpy_dict *a, rpy_dict *b, Signed valuekind, bool (*value_eq)(uint64_t, uint64_t));

/* ------------------------------------------------------------------ sets */

/* Results are new sets like `a` (kind, functions); their order: a's elements in a's order,
 * then b's in b's order. */
rpy_dict *rpy_set_union(rpy_dict *a, rpy_dict *b);
rpy_dict *rpy_set_intersection(rpy_dict *a, rpy_dict *b);
rpy_dict *rpy_set_difference(rpy_dict *a, rpy_dict *b);
rpy_dict *rpy_set_symmetric_difference(rpy_dict *a, rpy_dict *b);
bool rpy_set_issubset(rpy_dict *a, rpy_dict *b);     /* a <= b */
bool rpy_set_isdisjoint(rpy_dict *a, rpy_dict *b);
void rpy_set_update(rpy_dict *a, rpy_dict *b);
void rpy_set_intersection_update(rpy_dict *a, rpy_dict *b);
void rpy_set_difference_update(rpy_dict *a, rpy_dict *b);
/* set(l) */
rpy_dict *rpy_set_from_list(rpy_list *l, Signed keykind, bool keys_gc, Signed (*hash)(uint64_t),
                            bool (*eq)(uint64_t, uint64_t));
/* list(d) / list(d.values()), in order; the lists' tids follow the slots' (d: not a set for
 * values). */
rpy_list *rpy_dict_keys_list(rpy_dict *d);
rpy_list *rpy_dict_values_list(rpy_dict *d);

/* ------------------------------------------------------------------ lists */

/* l[start:stop:step] (missing bounds: has_* false). ValueError "slice step cannot be zero". */
rpy_list *rpy_list_slice(rpy_list *l, Signed start, Signed stop, Signed step, bool has_start, bool has_stop);
/* l[start:stop] = src (src may be l) */
void rpy_list_setslice(rpy_list *l, Signed start, Signed stop, bool has_start, bool has_stop, rpy_list *src);
/* del l[start:stop] */
void rpy_list_delslice(rpy_list *l, Signed start, Signed stop, bool has_start, bool has_stop);
void rpy_list_setslice_step(rpy_list *l, Signed start, Signed stop, Signed step, bool has_start, bool has_stop, rpy_list *src);
void rpy_list_delslice_step(rpy_list *l, Signed start, Signed stop, Signed step, bool has_start, bool has_stop);
void rpy_list_insert(rpy_list *l, Signed index, uint64_t v);
/* IndexError "pop from empty list" / "pop index out of range" */
uint64_t rpy_list_pop(rpy_list *l, Signed index);
/* del l[index]: IndexError "list assignment index out of range" */
void rpy_list_delitem(rpy_list *l, Signed index);
void rpy_list_extend(rpy_list *l, rpy_list *src);    /* l.extend(l) works */
void rpy_list_reverse(rpy_list *l);
void rpy_list_clear(rpy_list *l);
rpy_list *rpy_list_copy(rpy_list *l);
rpy_list *rpy_list_concat(rpy_list *a, rpy_list *b);
rpy_list *rpy_list_repeat(rpy_list *l, Signed n);    /* MemoryError when too big */
/* l.index(v, start, stop) without the error: index or -1. start/stop are adjusted like
 * CPython's (negative: from the end); `v in l` is rpy_list_find(l, v, kind, eq, 0, INT64_MAX). */
Signed rpy_list_find(rpy_list *l, uint64_t v, Signed kind, bool (*eq)(uint64_t, uint64_t), Signed start, Signed stop);
Signed rpy_list_count(rpy_list *l, uint64_t v, Signed kind, bool (*eq)(uint64_t, uint64_t));
bool rpy_list_eq(rpy_list *a, rpy_list *b, Signed kind, bool (*eq)(uint64_t, uint64_t));
/* Lexicographic comparison: -1, 0 or 1 (eq decides where the lists differ, lt how). */
Signed rpy_list_cmp(rpy_list *a, rpy_list *b, Signed kind, bool (*lt)(uint64_t, uint64_t), bool (*eq)(uint64_t, uint64_t));
/* Stable sort (natural merge sort in the manner of timsort: O(n log n), O(n) on sorted or
 * strictly descending input). With keys_or_null, sorts l by those keys (same length as l; permuted in
 * step); `kind`/`lt` describe the keys then. reverse=True keeps equal items in their original
 * order, as CPython does. While a CUSTOM lt runs, l looks empty; if lt changes l, the sort
 * raises ValueError "list modified during sort"; if lt raises, l is left unchanged. */
void rpy_list_sort(rpy_list *l, rpy_list *keys_or_null, Signed kind, bool (*lt)(uint64_t, uint64_t), bool reverse);

/* ------------------------------------------------------------------ helpers */

/* Equality and order of two slots of the given kind (as the functions above use them). */
Signed rpy_slot_hash(Signed kind, uint64_t slot);
bool rpy_slot_eq(Signed kind, bool (*eq)(uint64_t, uint64_t), uint64_t a, uint64_t b);
bool rpy_slot_lt(Signed kind, bool (*lt)(uint64_t, uint64_t), uint64_t a, uint64_t b);

#endif
