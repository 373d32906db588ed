// simdact: SIMD activation kernels for neural-network inference and training.
#pragma once

#include "simdact/activations.hpp"
#include "simdact/derivatives.hpp"
#include "simdact/descriptor.hpp"
#include "simdact/error.hpp"
#include "simdact/isa.hpp"
#include "simdact/softmax.hpp"
#include "simdact/threads.hpp"
