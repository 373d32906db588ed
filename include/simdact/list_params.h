/* How the kernel list spells parameters (see unary_list.inc). Each entry names its parameter
 * shape (none, one, two, two_required) and gives (name, default, ...) in a tuple; the macros here
 * turn that into parameter declarations. SIMDACT_T, the element type, is defined by the includer
 * around each inclusion of the list. Shared by the C++ and the C headers. */
#ifndef SIMDACT_LIST_PARAMS_H
#define SIMDACT_LIST_PARAMS_H

/* C++ declarations, with defaults: ", float alpha = float(0.01)". */
#define SIMDACT_DETAIL_DECLARE_none()
#define SIMDACT_DETAIL_DECLARE_one(p0, d0) , SIMDACT_T p0 = SIMDACT_T(d0)
#define SIMDACT_DETAIL_DECLARE_two(p0, d0, p1, d1) , SIMDACT_T p0 = SIMDACT_T(d0), SIMDACT_T p1 = SIMDACT_T(d1)
#define SIMDACT_DETAIL_DECLARE_two_required(p0, d0, p1, d1) , SIMDACT_T p0, SIMDACT_T p1

/* Declarations without defaults (C, and definitions): ", float alpha". */
#define SIMDACT_DETAIL_PLAIN_none()
#define SIMDACT_DETAIL_PLAIN_one(p0, d0) , SIMDACT_T p0
#define SIMDACT_DETAIL_PLAIN_two(p0, d0, p1, d1) , SIMDACT_T p0, SIMDACT_T p1
#define SIMDACT_DETAIL_PLAIN_two_required(p0, d0, p1, d1) , SIMDACT_T p0, SIMDACT_T p1

/* The arguments, to forward a call: ", alpha". */
#define SIMDACT_DETAIL_FORWARD_none()
#define SIMDACT_DETAIL_FORWARD_one(p0, d0) , p0
#define SIMDACT_DETAIL_FORWARD_two(p0, d0, p1, d1) , p0, p1
#define SIMDACT_DETAIL_FORWARD_two_required(p0, d0, p1, d1) , p0, p1

#endif
