/* Numbers: the out-of-line parts of the primitive operations, math functions, time. */
#include "rpy_ops.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/time.h>

Signed rpy_int_pow_op(Signed a, Signed b) {
    if (b < 0) { rpy_raise_simple(RPY_EXC_ValueError, "negative exponent for int ** int (the result would be a float)"); return 0; }
    Unsigned result = 1, base = (Unsigned)a;
    while (b) {
        if (b & 1) result *= base;
        base *= base;
        b >>= 1;
    }
    return (Signed)result;
}

Float rpy_float_pow_op(Float a, Float b) {
    if (a == 0.0 && b < 0.0) { rpy_raise_simple(RPY_EXC_ZeroDivisionError, "0.0 cannot be raised to a negative power"); return 0.0; }
    if (a < 0.0 && isfinite(a) && isfinite(b) && floor(b) != b) {
        rpy_raise_simple(RPY_EXC_ValueError, "negative number cannot be raised to a fractional power (complex result)");
        return 0.0;
    }
    Float r = pow(a, b);
    if (isinf(r) && isfinite(a) && isfinite(b)) { rpy_raise_simple(RPY_EXC_OverflowError, "(34, 'Numerical result out of range')"); return 0.0; }
    return r;
}

Signed rpy_float_to_int_op(Float v) {
    if (isnan(v)) { rpy_raise_simple(RPY_EXC_ValueError, "cannot convert float NaN to integer"); return 0; }
    if (isinf(v)) { rpy_raise_simple(RPY_EXC_OverflowError, "cannot convert float infinity to integer"); return 0; }
    if (v >= 9223372036854775808.0 || v < -9223372036854775808.0) {
        rpy_raise_simple(RPY_EXC_OverflowError, "float too large to convert to a 64-bit RPy int");
        return 0;
    }
    return (Signed)v;
}

static Float domain_error(void) {
    rpy_raise_simple(RPY_EXC_ValueError, "math domain error");
    return 0.0;
}

static Float range_checked(Float r, Float x) {
    if (isinf(r) && isfinite(x)) { rpy_raise_simple(RPY_EXC_OverflowError, "math range error"); return 0.0; }
    return r;
}

/* Numbered as the rtyper's math table. */
Float rpy_math1(Signed which, Float x) {
    switch (which) {
    case 0: return x < 0 ? domain_error() : sqrt(x);
    case 1: return range_checked(exp(x), x);
    case 2: return x <= 0 ? domain_error() : log(x);
    case 3: return x <= 0 ? domain_error() : log2(x);
    case 4: return x <= 0 ? domain_error() : log10(x);
    case 5: return isinf(x) ? domain_error() : sin(x);
    case 6: return isinf(x) ? domain_error() : cos(x);
    case 7: return isinf(x) ? domain_error() : tan(x);
    case 8: return (x < -1 || x > 1) ? domain_error() : asin(x);
    case 9: return (x < -1 || x > 1) ? domain_error() : acos(x);
    case 10: return atan(x);
    case 11: return range_checked(sinh(x), x);
    case 12: return range_checked(cosh(x), x);
    case 13: return tanh(x);
    case 14: return fabs(x);
    case 15: return x * (180.0 / 3.14159265358979323846);
    case 16: return x * (3.14159265358979323846 / 180.0);
    case 17: return floor(x);
    case 18: return ceil(x);
    case 19: return trunc(x);
    }
    return 0.0;
}

Float rpy_math2(Signed which, Float x, Float y) {
    switch (which) {
    case 0: return atan2(x, y);
    case 1: return rpy_float_pow_op(x, y);
    case 2: return hypot(x, y);
    case 3: return (y == 0.0 || isinf(x)) ? domain_error() : fmod(x, y);
    case 4: return copysign(x, y);
    }
    return 0.0;
}

Float rpy_time_now(Signed which) {
    struct timespec ts;
    clock_gettime(which == 0 ? CLOCK_REALTIME : CLOCK_MONOTONIC, &ts);
    return (Float)ts.tv_sec + (Float)ts.tv_nsec * 1e-9;
}

/* round(x): to the nearest int, halves to even. */
Signed rpy_round_to_int(Float x) {
    Float r = nearbyint(x);   /* the default rounding mode rounds halves to even */
    return rpy_float_to_int_op(r);
}

/* round(x, n): correctly rounded to n decimal places (through the decimal text of x for
 * n >= 0, as CPython's result is the float nearest to the rounded decimal value). */
Float rpy_round_digits(Float x, Signed n) {
    if (!isfinite(x) || x == 0.0) return x;
    if (n > 323) return x;
    if (n >= 0) {
        char buf[400];
        snprintf(buf, sizeof buf, "%.*f", (int)n, x);
        Float r = strtod(buf, NULL);
        return r == 0.0 ? copysign(0.0, x) : r;
    }
    if (n < -308) return copysign(0.0, x);
    Float p = pow(10.0, (Float)-n);
    Float y = nearbyint(x / p) * p;
    if (isinf(y)) { rpy_raise_simple(RPY_EXC_OverflowError, "rounded value too large to represent"); return 0.0; }
    return y == 0.0 ? copysign(0.0, x) : y;
}

/* Compares an int with a float exactly, as CPython does (converting the int to a float
 * could round it): -1, 0 or 1 as i is below, equal to or above f; 2 when f is NaN. */
Signed rpy_int_float_cmp(Signed i, Float f) {
    if (f != f) return 2;
    if (f >= 9223372036854775808.0) return -1;
    if (f < -9223372036854775808.0) return 1;
    Signed t = (Signed)f;   /* in range: truncates toward zero */
    if (i != t) return i < t ? -1 : 1;
    Float frac = f - (Float)t;
    return frac > 0 ? -1 : frac < 0 ? 1 : 0;
}

static int bitlen128(unsigned __int128 x) {
    int n = 0;
    while (x) { x >>= 1; n++; }
    return n;
}

/* a / b correctly rounded, as CPython computes it, for operands too large to convert to
 * floats exactly: the quotient to 53 bits, rounded half to even with the remainder as a
 * sticky bit. */
Float rpy_int_truediv_exact(Signed a, Signed b) {
    bool negative = (a < 0) != (b < 0);
    unsigned __int128 A = a < 0 ? (unsigned __int128)(-(__int128)a) : (unsigned __int128)a;
    unsigned __int128 B = b < 0 ? (unsigned __int128)(-(__int128)b) : (unsigned __int128)b;
    if (A == 0) return negative ? -0.0 : 0.0;
    int s = 127 - bitlen128(A);   /* at least 63 quotient bits */
    unsigned __int128 N = A << s, Q = N / B, R = N % B;
    int drop = bitlen128(Q) - 53;
    unsigned __int128 kept = Q >> drop, rest = Q & ((((unsigned __int128)1) << drop) - 1);
    unsigned __int128 half = ((unsigned __int128)1) << (drop - 1);
    if (rest > half || (rest == half && (R != 0 || (kept & 1)))) kept++;
    Float r = ldexp((Float)(uint64_t)kept, drop - s);
    return negative ? -r : r;
}

/* hash() of numbers as CPython computes it: reduction modulo the Mersenne prime 2**61 - 1,
 * so that equal ints and floats hash alike; -1 is reserved and becomes -2. */
#define HASH_MODULUS ((((Unsigned)1) << 61) - 1)

Signed rpy_hash_int(Signed v) {
    Unsigned x = v < 0 ? (Unsigned)0 - (Unsigned)v : (Unsigned)v;
    Signed r = (Signed)(x % HASH_MODULUS);
    if (v < 0) r = -r;
    return r == -1 ? -2 : r;
}

Signed rpy_hash_float(Float v) {
    if (isinf(v)) return v > 0 ? 314159 : -314159;
    if (isnan(v)) return 0;   /* CPython hashes each NaN object by identity */
    int e;
    double m = frexp(v, &e);
    Signed sign = 1;
    if (m < 0) { sign = -1; m = -m; }
    Unsigned x = 0;
    while (m) {
        x = ((x << 28) & HASH_MODULUS) | x >> (61 - 28);
        m *= 268435456.0;
        e -= 28;
        Unsigned y = (Unsigned)m;
        m -= (double)y;
        x += y;
        if (x >= HASH_MODULUS) x -= HASH_MODULUS;
    }
    e = e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61);
    x = ((x << e) & HASH_MODULUS) | x >> (61 - e);
    Signed r = (Signed)x * sign;
    return r == -1 ? -2 : r;
}
