// A message as code and parameters, not words: "results.summary.answered" with {answered} and
// {total}. web/messages.cpp turns it into text through the one message table, so a sentence
// built below web/ can be translated.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace cbe {

struct Message {
    std::string key;
    long long number = 0;                                     // picks the plural and fills {n}
    std::vector<std::pair<std::string, std::string>> params;  // fill {name}
};

}  // namespace cbe
