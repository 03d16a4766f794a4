/* rpy runtime: number and text formatting (repr(float), format specs, %-formatting, hex/oct/bin).
 *
 * Every function here reads all of its inputs (which may point into GC objects) before it
 * allocates its result with rpy_str_alloc, so a moving collector cannot invalidate them.
 * On error a function raises with rpy_raise_simple (CPython's exception kind and message) and
 * returns NULL.
 */
#ifndef RPY_FORMAT_H
#define RPY_FORMAT_H

#include "rpy.h"

/* repr(v) / str(v): shortest digits that round-trip, laid out like CPython. */
int rpy_format_float_repr(char *buf, Float v);   /* buf: >= 32 bytes; returns the length */
rpy_str *rpy_float_repr(Float v);

/* format(v, spec) for int, float and str values (spec: UTF-8 bytes, not NUL-terminated). */
rpy_str *rpy_format_int_spec(Signed v, const char *spec, Signed speclen);
rpy_str *rpy_format_float_spec(Float v, const char *spec, Signed speclen);
rpy_str *rpy_format_str_spec(const char *utf8, Signed nbytes, Signed ncodepoints,
                             const char *spec, Signed speclen);

/* hex()/oct()/bin() (base 16/8/2, with prefix) and base-10 text of v. */
rpy_str *rpy_int_to_base(Signed v, int base, bool prefix);

/* format(v, '.<precision>f') */
rpy_str *rpy_float_to_fixed(Float v, int precision);

/* fmt % args */
enum { RPY_FMT_INT = 0, RPY_FMT_FLOAT = 1, RPY_FMT_STR = 2 };

typedef struct rpy_fmt_arg {
    int kind;            /* RPY_FMT_INT, RPY_FMT_FLOAT, RPY_FMT_STR */
    Signed i;            /* RPY_FMT_INT */
    Float f;             /* RPY_FMT_FLOAT */
    const char *s;       /* RPY_FMT_STR: UTF-8 text (already str()/repr()/ascii() of the value) */
    Signed s_nbytes;
    Signed s_length;     /* code points */
} rpy_fmt_arg;

rpy_str *rpy_format_percent(const char *fmt, Signed fmt_nbytes, const rpy_fmt_arg *args, Signed nargs);

#endif
