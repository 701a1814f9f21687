#include "web/smtp_mailer.hpp"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>
#include <memory>
#include <mutex>

#include "core/crypto.hpp"
#include "web/messages.hpp"

namespace cbe::web {

namespace {

// A header value on one line: a name typed by someone (an organization's) cannot add headers.
std::string one_line(std::string value) {
    std::replace_if(
        value.begin(), value.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }, ' ');
    return value;
}

constexpr size_t kMaxHeaderLine = 78;   // RFC 5322 2.1.1: lines SHOULD be at most 78
constexpr size_t kMaxEncodedLine = 76;  // RFC 2047 2: a line holding an encoded word
constexpr size_t kMaxEncodedWord = 75;  // RFC 2047 2
constexpr std::string_view kWordStart = "=?UTF-8?B?";
constexpr std::string_view kWordEnd = "?=";

std::string base64(std::string_view bytes) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                     (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                     static_cast<unsigned char>(bytes[i + 2]);
        for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
    }
    if (i < bytes.size()) {
        unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

// The longest start of `s` of at most `max` bytes that ends between two UTF-8 characters.
size_t whole_characters(std::string_view s, size_t max) {
    if (s.size() <= max) return s.size();
    size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    return end;
}

// `name: value` as it goes on the wire, value on one line (a name typed by someone cannot add
// headers). Printable ASCII that fits goes as it is; anything else (beyond ASCII, too long, or
// holding "=?", which a mail program would decode as an encoded word of its own) goes as RFC 2047
// base64 UTF-8 encoded words of at most 75 characters, one per folded line of at most 76, each
// holding whole characters: a reader decodes every word on its own.
std::string header(std::string_view name, const std::string& value) {
    std::string text = one_line(value);
    bool plain = std::all_of(text.begin(), text.end(),
                             [](unsigned char c) { return c >= 0x20 && c < 0x7f; }) &&
                 text.find("=?") == std::string::npos &&
                 name.size() + 2 + text.size() <= kMaxHeaderLine;
    if (plain) return std::string(name) + ": " + text;
    std::string out = std::string(name) + ":";
    size_t used = out.size();
    std::string_view rest = text;
    while (!rest.empty()) {
        // Room on this line after the folding space and the word's frame, in base64 characters.
        size_t frame = 1 + kWordStart.size() + kWordEnd.size();
        size_t room = std::min(kMaxEncodedLine - used, kMaxEncodedWord + 1) - frame;
        size_t take = whole_characters(rest, room / 4 * 3);
        out += " ";
        out += kWordStart;
        out += base64(rest.substr(0, take));
        out += kWordEnd;
        rest.remove_prefix(take);
        if (!rest.empty()) {
            out += "\n";  // folded: the next line starts with the space before its word
            used = 0;
        }
    }
    return out;
}

// Lines end in CRLF on the wire.
std::string crlf(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

std::string rfc5322_date() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[64];
    std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &utc);
    return buffer;
}

size_t read_body(char* buffer, size_t size, size_t count, void* user) {
    auto* rest = static_cast<std::string_view*>(user);
    size_t n = std::min(size * count, rest->size());
    std::copy_n(rest->data(), n, buffer);
    rest->remove_prefix(n);
    return n;
}

// CURLOPT_XFERINFOFUNCTION: non-zero ends the transfer.
int stop_requested(void* stop, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<const std::stop_token*>(stop)->stop_requested() ? 1 : 0;
}

struct CurlDeleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct ListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

std::string compose_email(const service::Mail& mail, const std::string& from,
                          const std::string& public_base, const std::string& date,
                          const std::string& message_id) {
    const bool reset = mail.kind == service::MailKind::kPasswordReset;
    const std::string link = public_base + mail.path;
    // Invitations count their lifetime in days; resets in hours.
    long long n = reset ? mail.hours : std::max(1LL, mail.hours / 24);
    Message subject{reset ? "email.password-reset.subject" : "email.invitation.subject",
                    n,
                    {{"organization", one_line(mail.organization)}}};
    Message body{reset ? "email.password-reset.body" : "email.invitation.body",
                 n,
                 {{"link", link},
                  {"organization", one_line(mail.organization)},
                  {"role", one_line(mail.role)}}};
    std::string out = "From: " + from + "\nTo: " + one_line(mail.to) + "\n" +
                      header("Subject", message_text(subject)) + "\nDate: " + date +
                      "\nMessage-ID: " + message_id +
                      "\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8"
                      "\nContent-Transfer-Encoding: 8bit\nAuto-Submitted: auto-generated\n\n" +
                      message_text(body) + "\n";
    return crlf(out);
}

SmtpMailer::SmtpMailer(SmtpConfig config, std::string public_base)
    : config_(std::move(config)), public_base_(std::move(public_base)) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Result<void> SmtpMailer::send(const service::Mail& mail, const std::stop_token& stop) const {
    std::string domain = config_.from.substr(config_.from.find('@') + 1);
    std::string message = compose_email(mail, config_.from, public_base_, rfc5322_date(),
                                        "<" + crypto::new_token() + "@" + domain + ">");
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) return fail(ErrorCode::kUnavailable, "email.not-sent");
    std::string host =
        config_.host.find(':') != std::string::npos ? "[" + config_.host + "]" : config_.host;
    std::string url =
        (config_.tls == "tls" ? "smtps://" : "smtp://") + host + ":" + std::to_string(config_.port);
    std::string from = "<" + config_.from + ">";
    std::string to = "<" + one_line(mail.to) + ">";
    std::unique_ptr<curl_slist, ListDeleter> recipients(curl_slist_append(nullptr, to.c_str()));
    std::string_view rest(message);
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    // STARTTLS is required, not tried: a server that does not offer it is refused.
    curl_easy_setopt(c, CURLOPT_USE_SSL, config_.tls == "none" ? CURLUSESSL_NONE : CURLUSESSL_ALL);
    if (!config_.user.empty()) {
        curl_easy_setopt(c, CURLOPT_USERNAME, config_.user.c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, config_.password.c_str());
    }
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_body);
    curl_easy_setopt(c, CURLOPT_READDATA, &rest);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // safe off the main thread
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(config_.timeout_seconds));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(config_.timeout_seconds));
    // libcurl asks at least once a second, also while a hung server sends nothing: a stopping
    // server cuts the delivery short instead of waiting out the time limit.
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, stop_requested);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &stop);
    CURLcode done = curl_easy_perform(c);
    if (done == CURLE_ABORTED_BY_CALLBACK) return fail(ErrorCode::kUnavailable, "email.not-sent");
    if (done != CURLE_OK) {
        // libcurl's reason names the step (connect, TLS, login, recipient), never the password.
        spdlog::warn("email: delivery to {}:{} failed: {}", config_.host, config_.port,
                     curl_easy_strerror(done));
        return fail(ErrorCode::kUnavailable, "email.not-sent");
    }
    return {};
}

}  // namespace cbe::web
