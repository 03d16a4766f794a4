/* Primitive operations with Python semantics, used by generated code (one inline function
 * per operation that is more than a C operator). Division by zero raises
 * ZeroDivisionError; int arithmetic wraps (RPy's int is a 64-bit word). */
#ifndef RPY_OPS_H
#define RPY_OPS_H
#include "rpy.h"
#include <math.h>

static inline Signed rpy_int_add(Signed a, Signed b) { return (Signed)((Unsigned)a + (Unsigned)b); }
static inline Signed rpy_int_sub(Signed a, Signed b) { return (Signed)((Unsigned)a - (Unsigned)b); }
static inline Signed rpy_int_mul(Signed a, Signed b) { return (Signed)((Unsigned)a * (Unsigned)b); }
static inline Signed rpy_int_neg(Signed a) { return (Signed)(0 - (Unsigned)a); }
static inline Signed rpy_int_abs(Signed a) { return a < 0 ? rpy_int_neg(a) : a; }

static inline Signed rpy_int_floordiv_op(Signed a, Signed b) {
    if (RPY_UNLIKELY(b == 0)) { rpy_raise_simple(RPY_EXC_ZeroDivisionError, "integer division or modulo by zero"); return 0; }
    if (RPY_UNLIKELY(b == -1)) return rpy_int_neg(a);   /* INT64_MIN // -1 wraps */
    Signed q = a / b, r = a % b;
    if (r != 0 && ((r < 0) != (b < 0))) q -= 1;
    return q;
}
static inline Signed rpy_int_mod_op(Signed a, Signed b) {
    if (RPY_UNLIKELY(b == 0)) { rpy_raise_simple(RPY_EXC_ZeroDivisionError, "integer modulo by zero"); return 0; }
    if (RPY_UNLIKELY(b == -1)) return 0;
    Signed r = a % b;
    if (r != 0 && ((r < 0) != (b < 0))) r += b;
    return r;
}
Float rpy_int_truediv_exact(Signed a, Signed b);
static inline Float rpy_int_truediv_op(Signed a, Signed b) {
    if (RPY_UNLIKELY(b == 0)) { rpy_raise_simple(RPY_EXC_ZeroDivisionError, "division by zero"); return 0.0; }
    /* Up to 2**53 both convert exactly, and one division rounds once. */
    const Signed exact = (Signed)1 << 53;
    if (RPY_LIKELY(a >= -exact && a <= exact && b >= -exact && b <= exact)) return (Float)a / (Float)b;
    return rpy_int_truediv_exact(a, b);
}
Signed rpy_int_pow_op(Signed a, Signed b);
static inline Signed rpy_int_lshift_op(Signed a, Signed b) {
    if (RPY_UNLIKELY(b < 0)) { rpy_raise_simple(RPY_EXC_ValueError, "negative shift count"); return 0; }
    if (b >= 64) return 0;
    return (Signed)((Unsigned)a << b);
}
static inline Signed rpy_int_rshift_op(Signed a, Signed b) {
    if (RPY_UNLIKELY(b < 0)) { rpy_raise_simple(RPY_EXC_ValueError, "negative shift count"); return 0; }
    if (b >= 64) return a < 0 ? -1 : 0;
    return a >> b;
}
static inline Signed rpy_int_add_ovf(Signed a, Signed b) {
    Signed r;
    if (RPY_UNLIKELY(__builtin_add_overflow(a, b, &r))) { rpy_raise_simple(RPY_EXC_OverflowError, "integer addition"); return 0; }
    return r;
}
static inline Signed rpy_int_sub_ovf(Signed a, Signed b) {
    Signed r;
    if (RPY_UNLIKELY(__builtin_sub_overflow(a, b, &r))) { rpy_raise_simple(RPY_EXC_OverflowError, "integer subtraction"); return 0; }
    return r;
}
static inline Signed rpy_int_mul_ovf(Signed a, Signed b) {
    Signed r;
    if (RPY_UNLIKELY(__builtin_mul_overflow(a, b, &r))) { rpy_raise_simple(RPY_EXC_OverflowError, "integer multiplication"); return 0; }
    return r;
}
static inline Unsigned rpy_uint_floordiv_op(Unsigned a, Unsigned b) {
    if (RPY_UNLIKELY(b == 0)) { rpy_raise_simple(RPY_EXC_ZeroDivisionError, "integer division or modulo by zero"); return 0; }
    return a / b;
}
static inline Unsigned rpy_uint_mod_op(Unsigned a, Unsigned b) {
    if (RPY_UNLIKELY(b == 0)) { rpy_raise_simple(RPY_EXC_ZeroDivisionError, "integer modulo by zero"); return 0; }
    return a % b;
}
static inline Unsigned rpy_uint_lshift(Unsigned a, Signed b) { return (b < 0 || b >= 64) ? 0 : a << b; }
static inline Unsigned rpy_uint_rshift(Unsigned a, Signed b) { return (b < 0 || b >= 64) ? 0 : a >> b; }

static inline Float rpy_float_truediv_op(Float a, Float b) {
    if (RPY_UNLIKELY(b == 0.0)) { rpy_raise_simple(RPY_EXC_ZeroDivisionError, "float division by zero"); return 0.0; }
    return a / b;
}
static inline Float rpy_float_mod_op(Float a, Float b) {
    if (RPY_UNLIKELY(b == 0.0)) { rpy_raise_simple(RPY_EXC_ZeroDivisionError, "float modulo"); return 0.0; }
    Float m = fmod(a, b);
    if (m != 0.0) { if ((b < 0) != (m < 0)) m += b; }
    else m = copysign(0.0, b);
    return m;
}
static inline Float rpy_float_floordiv_op(Float a, Float b) {
    if (RPY_UNLIKELY(b == 0.0)) { rpy_raise_simple(RPY_EXC_ZeroDivisionError, "float floor division by zero"); return 0.0; }
    Float m = fmod(a, b);
    Float div = (a - m) / b;
    if (m != 0.0 && ((b < 0) != (m < 0))) div -= 1.0;
    Float fl;
    if (div != 0.0) { fl = floor(div); if (div - fl > 0.5) fl += 1.0; }
    else fl = copysign(0.0, a / b);
    return fl;
}
Float rpy_float_pow_op(Float a, Float b);
Signed rpy_float_to_int_op(Float v);
static inline bool rpy_float_to_bool(Float v) { return v != 0.0; }
static inline UniChar rpy_int_to_unichar(Signed v) {
    if (RPY_UNLIKELY(v < 0 || v > 0x10ffff)) { rpy_raise_simple(RPY_EXC_ValueError, "chr() arg not in range(0x110000)"); return 0; }
    return (UniChar)v;
}

/* Slots of containers hold any value in 8 bytes. */
static inline uint64_t rpy_slot_from_float(Float f) { uint64_t u; memcpy(&u, &f, 8); return u; }
static inline Float rpy_slot_to_float(uint64_t u) { Float f; memcpy(&f, &u, 8); return f; }

#endif
