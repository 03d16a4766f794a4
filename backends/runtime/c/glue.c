/* Entry points the low-level program calls with rpy_str arguments, on top of format.c. */
#include "rpy.h"
#include "format.h"

rpy_str *rpy_str_format_int(Signed v, rpy_str *spec) { return rpy_format_int_spec(v, spec->data, spec->nbytes); }
rpy_str *rpy_str_format_float(Float v, rpy_str *spec) { return rpy_format_float_spec(v, spec->data, spec->nbytes); }
rpy_str *rpy_str_format_str(rpy_str *v, rpy_str *spec) { return rpy_format_str_spec(v->data, v->nbytes, v->length, spec->data, spec->nbytes); }

/* Printable in the sense of str.isprintable(): not a control, format, separator (other than
 * space), surrogate or unassigned character. Approximated by ranges until the generated
 * Unicode tables land. */
bool rpy_unicode_isprintable(UniChar c) {
    if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0xad) return false;
    if (c >= 0xd800 && c < 0xe000) return false;
    if (c == 0x2028 || c == 0x2029 || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x206f)) return false;
    if (c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb) || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x3000 || c == 0x205f || c == 0x00a0) return false;
    if (c > 0x10ffff || (c >= 0xe000 && c < 0xf900) || c >= 0xf0000) return false;
    return true;
}
