#include "web/messages.hpp"

#include <map>

namespace cbe::web {

namespace {

struct Words {
    std::string_view one;   // the text, or the singular when `many` is set
    std::string_view many;  // the plural ({n} != 1), or empty
};

const std::map<std::string_view, Words, std::less<>>& table() {
    static const std::map<std::string_view, Words, std::less<>> kEnglish{
        // Accounts
        {"account.email-invalid", {"Enter an email address like name@example.org.", {}}},
        {"account.name-missing", {"Enter your name.", {}}},
        {"account.name-too-long", {"Enter a name of at most 120 characters.", {}}},
        {"account.password-not-text",
         {"The password contains characters that are not valid text.", {}}},
        {"account.password-too-short",
         {"Use a password of at least 8 characters. A few words you can remember make a strong "
          "one.",
          {}}},
        {"account.password-too-long", {"Use a password of at most 256 characters.", {}}},
        {"account.password-is-email", {"Do not use your email address as your password.", {}}},
        {"account.bad-credentials", {"The email or password is not right.", {}}},
        {"account.current-password-wrong", {"Your current password is not right.", {}}},
        {"account.sign-up-refused",
         {"We could not create an account with these details. If you already have one, sign in "
          "instead.",
          {}}},
        {"account.sign-up-closed",
         {"This site creates accounts by invitation only. Ask an organization owner for an "
          "invitation link.",
          {}}},
        {"rate.wait",
         {"Too many attempts. Wait {n} second, then try again.",
          "Too many attempts. Wait {n} seconds, then try again."}},
        {"busy", {"Many people are signing in right now. Please try again in a few seconds.", {}}},
        // Self-assessment
        {"answer.choice-unknown",
         {"Choose one of the four stages, \"Not sure\" or \"Not applicable\".", {}}},
        {"answer.choice-missing",
         {"Choose the stage that fits best, or \"Not sure\" or \"Not applicable\".", {}}},
        {"answer.element-not-on-pathway", {"This element is not on this pathway.", {}}},
        {"answer.note-not-text", {"The note contains characters that are not valid text.", {}}},
        {"answer.note-too-long",
         {"The note is longer than 2,000 characters. Shorten it and save again.", {}}},
        {"answer.not-saved",
         {"We could not save this answer just now. What you entered is still here: try saving "
          "again in a moment.",
          {}}},
        {"assessment.label-not-text",
         {"The name contains characters that are not valid text.", {}}},
        {"assessment.label-too-long", {"The name is longer than 120 characters.", {}}},
        {"assessment.audience-missing", {"Choose the pathway that fits your role.", {}}},
        {"assessment.held-by-organization",
         {"This assessment belongs to an organization now: only its owners can delete it.", {}}},
        {"assessment.moved-already",
         {"This assessment belongs to another organization. Only an owner there can move it.", {}}},
        // The summary of a self-assessment's results.
        {"results.summary.answered",
         {"You answered {answered} of {total} elements and placed {n} of them on the roadmap.",
          {}}},
        {"results.summary.typical", {"Across those, the typical stage is {stage}.", {}}},
        {"results.summary.area", {"{area}: typically {stage} ({n} placed).", {}}},
        {"results.summary.not-sure",
         {"{n} answer was \"not sure\": a conversation to have.",
          "{n} answers were \"not sure\": conversations to have."}},
        // Notices after an owner's change on the organization page.
        {"notice.role", {"The member's role is changed.", {}}},
        {"notice.removed", {"The member is removed.", {}}},
        {"notice.deleted", {"The assessment is deleted.", {}}},
        {"notice.revoked", {"The invitation link is revoked: it no longer works.", {}}},
        {"notice.session-deleted",
         {"The team session is deleted, with every rating given in it.", {}}},
        // Team sessions
        {"session.title-missing", {"Give the session a title, for example \"Board retreat\".", {}}},
        {"session.title-not-text", {"The title contains characters that are not valid text.", {}}},
        {"session.title-too-long", {"Use a title of at most {n} characters.", {}}},
        {"session.school-year-invalid",
         {"Enter the school year the session describes, like 2026-27.", {}}},
        {"session.element-unknown", {"Choose elements from this pathway.", {}}},
        {"session.too-many-open",
         {"This organization has {n} open sessions already. Close one before opening another.",
          {}}},
        {"session.join-codes-exhausted",
         {"We could not find a free join code just now. Please try again.", {}}},
        {"session.code-invalid", {"Enter the six digits shown on the facilitator's screen.", {}}},
        {"session.code-unknown",
         {"No open session has this code. Check the digits on the facilitator's screen; the "
          "session may have closed.",
          {}}},
        {"session.joining-closed",
         {"The facilitator has closed joining for this session. Ask them to open it again.", {}}},
        {"session.full", {"This session is full: it has {n} participants.", {}}},
        {"session.display-name-not-text",
         {"The name contains characters that are not valid text.", {}}},
        {"session.display-name-too-long", {"Use a name of at most {n} characters.", {}}},
        {"session.link-unknown",
         {"This participant link does not work: the session may have been deleted. Join again "
          "with the code.",
          {}}},
        {"session.not-found", {"We could not find this team session.", {}}},
        {"session.not-found.title", {"Session not found", {}}},
        {"session.not-closed",
         {"This session is still running: its placement comes when it closes.", {}}},
        {"session.closed", {"This session is closed: ratings can no longer change.", {}}},
        {"session.element-revealed",
         {"The results for this element are shown already: your rating can no longer change.", {}}},
        {"session.stage-unknown", {"Choose one of the four stages, or \"No agreement\".", {}}},
        {"session.rationale-not-text",
         {"The rationale contains characters that are not valid text.", {}}},
        {"session.rationale-too-long", {"Keep the rationale to {n} characters.", {}}},
        {"session.dissent-not-text",
         {"The dissent contains characters that are not valid text.", {}}},
        {"session.dissent-too-long", {"Keep the dissent to {n} characters.", {}}},
        {"session.no-agreement-comment",
         {"Say in a line why there is no agreement, so the next meeting can pick it up.", {}}},
        // Organizations
        {"organization.role-missing", {"Choose the role the invited person will have.", {}}},
        {"organization.role-unknown", {"Choose one of the four roles.", {}}},
        {"organization.last-owner",
         {"An organization needs at least one owner. Make someone else an owner first.", {}}},
        {"invitation.gone",
         {"The link may be incomplete, it may have expired (links last 7 days), or it was used "
          "already.",
          {}}},
        {"invitation.revoked-already", {"That invitation link was used or revoked already.", {}}},
        // Audit log events, as owners and users read them.
        {"audit.sign-up", {"Created an account", {}}},
        {"audit.sign-in", {"Signed in", {}}},
        {"audit.sign-in-failed", {"Failed to sign in", {}}},
        {"audit.sign-in-throttled", {"Sign-in slowed down after failures", {}}},
        {"audit.sign-out", {"Signed out", {}}},
        {"audit.password-changed", {"Changed their password", {}}},
        {"audit.password-change-failed", {"Failed to change their password", {}}},
        {"audit.password-set", {"Password set by an operator", {}}},
        {"audit.user-added", {"Account made by an operator", {}}},
        {"audit.user-disabled", {"Account disabled by an operator", {}}},
        {"audit.invitation-created", {"Made an invitation link", {}}},
        {"audit.invitation-revoked", {"Revoked an invitation link", {}}},
        {"audit.membership-added", {"Joined through an invitation", {}}},
        {"audit.membership-set", {"Membership set by an operator", {}}},
        {"audit.role-changed", {"Changed a member's role", {}}},
        {"audit.member-removed", {"Removed a member", {}}},
        {"audit.assessment-moved", {"Moved an assessment in", {}}},
        {"audit.assessment-moved-out", {"Moved an assessment to another organization", {}}},
        {"audit.assessment-deleted", {"Deleted an assessment", {}}},
        {"audit.export", {"Downloaded results", {}}},
        {"audit.session-opened", {"Opened a team session", {}}},
        {"audit.session-closed", {"Closed a team session", {}}},
        {"audit.session-deleted", {"Deleted a team session and its ratings", {}}},
        {"assessment.not-found.title", {"We could not find this assessment", {}}},
        {"assessment.not-found",
         {"The link may be incomplete, or the assessment may have been deleted. Check the link "
          "you saved, or start a new assessment from a pathway.",
          {}}},
        // General words for each code.
        {"error.invalid-input", {"Check what you entered and try again.", {}}},
        {"error.not-found",
         {"We could not find a page at this address. It may have moved, or the link may have a "
          "typing error.",
          {}}},
        {"error.conflict",
         {"Someone changed this at the same time. Reload the page and try again.", {}}},
        {"error.forbidden", {"You do not have permission to do that.", {}}},
        {"error.unauthorized", {"Sign in to continue.", {}}},
        {"error.too-large", {"What you sent is too large.", {}}},
        {"error.rate-limited", {"Too many attempts. Wait a little, then try again.", {}}},
        {"error.unavailable",
         {"We could not reach the saved data just now. Nothing you saved earlier is lost. Please "
          "try again in a minute.",
          {}}},
        {"error.internal",
         {"Something went wrong on our side. Your saved answers are safe. Please try again.", {}}},
    };
    return kEnglish;
}

std::string_view general_key(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidInput:
            return "error.invalid-input";
        case ErrorCode::kNotFound:
            return "error.not-found";
        case ErrorCode::kConflict:
            return "error.conflict";
        case ErrorCode::kUnauthorized:
            return "error.unauthorized";
        case ErrorCode::kForbidden:
            return "error.forbidden";
        case ErrorCode::kTooLarge:
            return "error.too-large";
        case ErrorCode::kRateLimited:
            return "error.rate-limited";
        case ErrorCode::kUnavailable:
            return "error.unavailable";
        case ErrorCode::kInternal:
            return "error.internal";
    }
    return "error.internal";
}

}  // namespace

std::string message_text(std::string_view key, long long number) {
    auto it = table().find(key);
    if (it == table().end()) return {};
    std::string_view words =
        (number != 1 && !it->second.many.empty()) ? it->second.many : it->second.one;
    std::string out(words);
    if (auto at = out.find("{n}"); at != std::string::npos) {
        out.replace(at, 3, std::to_string(number));
    }
    return out;
}

std::string message_text(const Message& message) {
    std::string out = message_text(message.key, message.number);
    for (const auto& [name, value] : message.params) {
        const std::string placeholder = "{" + name + "}";
        for (auto at = out.find(placeholder); at != std::string::npos;
             at = out.find(placeholder, at + value.size())) {
            out.replace(at, placeholder.size(), value);
        }
    }
    return out;
}

std::string message_paragraph(const std::vector<Message>& messages) {
    std::string out;
    for (const auto& message : messages) {
        std::string text = message_text(message);
        if (text.empty()) continue;
        if (!out.empty()) out += ' ';
        out += text;
    }
    return out;
}

std::string message_text(const Error& error) {
    std::string text = message_text(error.message, error.number);
    return text.empty() ? message_text(general_key(error.code)) : text;
}

std::string error_title(const Error& error) {
    // A key may name its own title ("assessment.not-found.title").
    if (std::string own = message_text(error.message + ".title"); !own.empty()) return own;
    switch (error.code) {
        case ErrorCode::kNotFound:
            return "Page not found";
        case ErrorCode::kUnavailable:
            return "The service is busy";
        case ErrorCode::kRateLimited:
            return "Too many attempts";
        case ErrorCode::kForbidden:
        case ErrorCode::kUnauthorized:
            return "Not allowed";
        case ErrorCode::kConflict:
            return "That could not be done";
        case ErrorCode::kInvalidInput:
        case ErrorCode::kTooLarge:
            return "Check what you sent";
        case ErrorCode::kInternal:
            break;
    }
    return "Something went wrong";
}

}  // namespace cbe::web
