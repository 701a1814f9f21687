// The one message table: turns the message keys that errors and notices carry
// ("account.bad-credentials") into the words people read, with their numbers and plurals.
// English now; a Spanish table will sit beside it.
#pragma once

#include <string>
#include <string_view>

#include "core/message.hpp"
#include "core/result.hpp"

namespace cbe::web {

// The words for a key, `{n}` replaced by `number` ("{n} second(s)" picks its plural); an unknown
// key falls back to the general words for the error's code, never to the key itself.
std::string message_text(std::string_view key, long long number = 0);
std::string message_text(const Error& error);
// A message with named parameters too: each {name} replaced by its value (values are text from
// content or numbers, inserted as given; the page escapes them).
std::string message_text(const Message& message);
// Messages as one paragraph: their texts joined by spaces; unknown keys left out.
std::string message_paragraph(const std::vector<Message>& messages);
// A title for an error page of this code ("We could not find this page").
std::string error_title(const Error& error);

}  // namespace cbe::web
