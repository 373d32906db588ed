// Every kernel of the catalogue; included only by the per-ISA translation units.
#pragma once

#include "relu.hpp"
#include "sigmoid.hpp"
#include "tanh.hpp"
