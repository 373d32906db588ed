// Every kernel of the catalogue; included only by the per-ISA translation units.
#pragma once

#include "elu.hpp"
#include "gelu.hpp"
#include "mish.hpp"
#include "piecewise.hpp"
#include "sigmoid.hpp"
#include "softplus.hpp"
#include "tanh.hpp"
