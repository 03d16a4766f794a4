/* Entry points the low-level program calls with rpy_str arguments, on top of format.c. */
#include "rpy.h"
#include "format.h"

rpy_str *rpy_str_format_int(Signed v, rpy_str *spec) { return rpy_format_int_spec(v, spec->data, spec->nbytes); }
rpy_str *rpy_str_format_float(Float v, rpy_str *spec) { return rpy_format_float_spec(v, spec->data, spec->nbytes); }
rpy_str *rpy_str_format_str(rpy_str *v, rpy_str *spec) { return rpy_format_str_spec(v->data, v->nbytes, v->length, spec->data, spec->nbytes); }

/* rpy_unicode_isprintable (used by repr) is in text.c, on the generated Unicode database. */

/* A prebuilt dict or set (static data) takes over a fresh one's tables at start-up. */
void rpy_dict_init_static(rpy_dict *dst, rpy_dict *src) {
    RPY_WB(dst);   /* a prebuilt object, now pointing into the heap */
    uint32_t flags = dst->hdr.gcflags;
    *dst = *src;
    dst->hdr.gcflags = flags;
}
