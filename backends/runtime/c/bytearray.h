/* bytearray, and the bytes methods text.c does not have (bytearray.c).
 * Included by rpy.h (after its types); do not include on its own.
 *
 * A bytearray's bytes are buf->data[0, length); buf->length is the capacity. The rtyper does
 * the read-only bytearray methods on a bytes copy (rpy_bytearray_to_bytes). */
#ifndef RPY_BYTEARRAY_H
#define RPY_BYTEARRAY_H

/* ------------------------------------------------------------------ bytearray */

rpy_bytearray *rpy_bytearray_new(Signed n);                 /* n zero bytes; ValueError if n < 0 */
rpy_bytearray *rpy_bytearray_from_bytes(rpy_bytes *b);       /* a copy */
rpy_bytes *rpy_bytearray_to_bytes(rpy_bytearray *a);         /* a copy */
rpy_bytearray *rpy_bytearray_copy(rpy_bytearray *a);
/* A list of ints as bytes, with bytearray's ValueError ("byte must be ..."). */
rpy_bytes *rpy_bytearray_ints_to_bytes(rpy_list *ints);
/* Replaces the bytes items of a fresh list (split() and friends) by bytearrays. */
rpy_list *rpy_bytearray_list_of(rpy_list *l);
Signed rpy_bytearray_getitem(rpy_bytearray *a, Signed i);   /* raises IndexError */
void rpy_bytearray_setitem(rpy_bytearray *a, Signed i, Signed v);
void rpy_bytearray_delitem(rpy_bytearray *a, Signed i);
void rpy_bytearray_append(rpy_bytearray *a, Signed v);
void rpy_bytearray_extend(rpy_bytearray *a, rpy_bytes *b);
Signed rpy_bytearray_pop(rpy_bytearray *a, Signed i);
void rpy_bytearray_insert(rpy_bytearray *a, Signed i, Signed v);
void rpy_bytearray_remove(rpy_bytearray *a, Signed v);
void rpy_bytearray_reverse(rpy_bytearray *a);
void rpy_bytearray_clear(rpy_bytearray *a);
rpy_bytearray *rpy_bytearray_slice(rpy_bytearray *a, Signed start, Signed stop, Signed step, bool has_start, bool has_stop);
/* a[start:stop:step] = src; src NULL deletes (del a[start:stop:step]). */
void rpy_bytearray_setslice(rpy_bytearray *a, Signed start, Signed stop, Signed step, bool has_start, bool has_stop, rpy_bytes *src);
rpy_str *rpy_bytearray_repr(rpy_bytearray *a);

/* ------------------------------------------------------------------ more bytes methods */

rpy_bytes *rpy_bytes_zeros(Signed n);                           /* bytes(n); ValueError if n < 0 */
rpy_bytes *rpy_bytes_of_byte(Signed v);                      /* ValueError unless 0 <= v < 256 */
bool rpy_bytes_contains_byte(rpy_bytes *b, Signed v);
rpy_bytes *rpy_bytes_mul(rpy_bytes *b, Signed n);
rpy_str *rpy_bytes_hex(rpy_bytes *b, rpy_bytes *sep_or_null, Signed bytes_per_sep);
rpy_bytes *rpy_bytes_fromhex(rpy_str *s);
rpy_bytes *rpy_bytes_title(rpy_bytes *b);
rpy_bytes *rpy_bytes_capitalize(rpy_bytes *b);
rpy_bytes *rpy_bytes_swapcase(rpy_bytes *b);
bool rpy_bytes_istitle(rpy_bytes *b);
bool rpy_bytes_isascii(rpy_bytes *b);
rpy_bytes *rpy_bytes_pad(rpy_bytes *b, Signed width, rpy_bytes *fill_or_null, Signed which);  /* 0 center, 1 ljust, 2 rjust */
rpy_bytes *rpy_bytes_zfill(rpy_bytes *b, Signed width);
rpy_list *rpy_bytes_partition(rpy_bytes *b, rpy_bytes *sep, bool from_right);   /* 3 bytes */
rpy_list *rpy_bytes_splitlines(rpy_bytes *b, bool keepends);
rpy_bytes *rpy_bytes_expandtabs(rpy_bytes *b, Signed tabsize);
rpy_bytes *rpy_bytes_removeprefix(rpy_bytes *b, rpy_bytes *p);
rpy_bytes *rpy_bytes_removesuffix(rpy_bytes *b, rpy_bytes *p);
rpy_bytes *rpy_bytes_maketrans(rpy_bytes *from, rpy_bytes *to);
rpy_bytes *rpy_bytes_translate(rpy_bytes *b, rpy_bytes *table_or_null, rpy_bytes *delete_or_null);
Signed rpy_bytes_ord(rpy_bytes *b);                          /* TypeError unless one byte */
Signed rpy_bytes_to_int(rpy_bytes *b, Signed base);          /* int(b, base) */

#endif
