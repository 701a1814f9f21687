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
        {"assessment.school-year-invalid",
         {"Enter the school year the assessment describes, like 2026-27, or leave it empty.", {}}},
        // Comparing two placements (issue 12)
        {"history.pick-two", {"Choose two placements to compare.", {}}},
        {"history.pick-different", {"Choose two different placements to compare.", {}}},
        {"history.placement-unknown",
         {"We could not find that placement in this organization. It may have been deleted: "
          "choose another.",
          {}}},
        {"assessment.held-by-organization",
         {"This assessment belongs to an organization now: only its owners can delete it.", {}}},
        {"assessment.read-only",
         {"This assessment belongs to an organization, which has made its private link "
          "read-only. Your answer was not saved. Ask an owner of the organization if it should "
          "change.",
          {}}},
        {"assessment.link-access-unknown",
         {"Choose whether the link may read, change answers, or open nothing.", {}}},
        {"assessment.link-ended",
         {"Its private link was already ended; it opens nothing, and cannot be turned back on.",
          {}}},
        {"assessment.link-unreadable",
         {"This does not look like a private link. Paste the whole link you were given (it "
          "contains /a/ followed by a long code), or just the code.",
          {}}},
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
        {"notice.created",
         {"Your organization is ready, and you are its owner. Invite your colleagues below.", {}}},
        {"notice.role", {"The member's role is changed.", {}}},
        {"notice.removed", {"The member is removed.", {}}},
        {"notice.deleted", {"The assessment is deleted.", {}}},
        {"notice.revoked", {"The invitation link is revoked: it no longer works.", {}}},
        // Notices after leaving or clearing a step of a self-assessment.
        {"notice.step-flagged",
         {"“{name}” is flagged for later. It is listed under “Flagged for later” "
          "on the overview.",
          {}}},
        {"notice.step-kept",
         {"Your note on “{name}” is kept. No stage was chosen, so the step is flagged for "
          "later.",
          {}}},
        {"notice.step-cleared",
         {"The answer to this step is cleared: it is not answered now. Choose a stage when you "
          "are ready.",
          {}}},
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
        {"session.too-many-open-yours",
         {"You have {n} open sessions already. Close one before opening another.", {}}},
        {"session.join-codes-exhausted",
         {"We could not find a free join code just now. Please try again.", {}}},
        {"session.code-invalid", {"Enter the six digits shown on the facilitator's screen.", {}}},
        {"session.code-unknown",
         {"No open session has this code. Check the digits on the facilitator's screen; the "
          "session may have closed, or stopped taking new participants.",
          {}}},
        {"session.full", {"This session is full: it has {n} participants.", {}}},
        {"session.address-full",
         {"{n} participants have joined this session from your network, as many as one network "
          "may. Ask the facilitator.",
          {}}},
        {"session.min-raters-invalid",
         {"Enter a whole number from 3 to 100: totals show once that many have answered.", {}}},
        {"session.participant-unknown",
         {"This participant is no longer in the session. Refresh the board.", {}}},
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
        // Share links
        {"share.read-only",
         {"You can see these links, but only members who may change the plan make or revoke them.",
          {}}},
        {"share.too-many",
         {"This has {n} working share links already, the most it can have. Revoke one first.", {}}},
        {"share.not-found",
         {"This share link does not work: it was revoked, or it was mistyped.", {}}},
        {"share.not-found.title", {"Link not found", {}}},
        // Action plans
        {"plan.read-only", {"You can read this plan, but not change it.", {}}},
        {"plan.element-unknown", {"Choose an element of this pathway.", {}}},
        {"plan.too-many-priorities",
         {"Choose at most {n} priorities: a plan that does everything does nothing.", {}}},
        {"plan.too-many-actions",
         {"This plan has {n} actions already, the most it can hold. Finish or delete some first.",
          {}}},
        {"plan.no-action",
         {"We could not find that action in this plan. It may have been deleted.", {}}},
        {"plan.description-missing",
         {"Say what will be done, for example \"Pilot the gradebook in two schools\".", {}}},
        {"plan.description-not-text",
         {"The action contains characters that are not valid text.", {}}},
        {"plan.description-too-long",
         {"Keep the action to {n} characters; put details in the notes.", {}}},
        {"plan.move-unknown",
         {"That move is not in the roadmap for this element. Write the action in your own words.",
          {}}},
        {"plan.owner-unknown", {"Choose a member of the organization, or type a name.", {}}},
        {"plan.owner-not-text",
         {"The owner's name contains characters that are not valid text.", {}}},
        {"plan.owner-too-long", {"Keep the owner's name to {n} characters.", {}}},
        {"plan.due-date-invalid",
         {"Enter the due date as a real date, for example 2027-03-31.", {}}},
        {"plan.target-stage-unknown", {"Choose one of the four stages as the target.", {}}},
        {"plan.status-unknown",
         {"Choose a status: not started, in progress, done or blocked.", {}}},
        {"plan.notes-not-text", {"The notes contain characters that are not valid text.", {}}},
        {"plan.notes-too-long", {"Keep the notes to {n} characters.", {}}},
        {"plan.reason.disagreement",
         {"The team's ratings split into camps: settle that first.", {}}},
        {"plan.reason.unsure", {"Many answered \"don't know\": find out before planning.", {}}},
        {"plan.reason.lowest-stage", {"One of the lowest stages placed ({stage}).", {}}},
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
        {"invitation.too-many",
         {"This organization has {n} open invitation links, the most it can have. Revoke one "
          "you no longer need, or wait until some are used or expire.",
          {}}},
        // Repeats counted on an audit entry (service/audit.hpp), {last} the latest's time.
        {"audit-log.repeated",
         {"Repeated once more, at {last}.", "Repeated {n} more times, the last at {last}."}},
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
        {"audit.session-participant-removed",
         {"Removed a participant and their ratings from a team session", {}}},
        {"audit.link-access-changed", {"Changed what an assessment's private link may do", {}}},
        {"audit.password-reset-requested", {"Asked for a password reset link", {}}},
        {"audit.password-reset", {"Reset their password through an emailed link", {}}},
        {"audit.organization-created", {"Created the organization", {}}},
        {"audit.share-created", {"Made a read-only share link", {}}},
        {"audit.share-revoked", {"Revoked a read-only share link", {}}},
        {"assessment.not-found.title", {"We could not find this assessment", {}}},
        {"assessment.not-found",
         {"The link may be incomplete, or the assessment may have been deleted. Check the link "
          "you saved, or start a new assessment from a pathway.",
          {}}},
        // Self-service: organizations made on the web, password resets, email.
        {"organization.creation-closed",
         {"On this site, organizations are created by its operators. Ask one to create yours, "
          "or ask an organization's owner to invite you.",
          {}}},
        {"organization.name-missing", {"Enter the organization's name.", {}}},
        {"organization.name-not-text",
         {"The name contains characters that are not valid text.", {}}},
        {"organization.name-too-long", {"Enter a name of at most 120 characters.", {}}},
        {"organization.kind-unknown", {"Choose what kind of organization it is.", {}}},
        {"organization.parent-not-owned", {"Choose an organization you own, or none.", {}}},
        {"organization.kind.state", {"State education agency", {}}},
        {"organization.kind.district", {"District", {}}},
        {"organization.kind.school", {"School", {}}},
        {"organization.kind.network", {"Network of schools or districts", {}}},
        {"invitation.email-off",
         {"This site does not send email. Leave the email address empty, make a link and send "
          "it yourself.",
          {}}},
        {"password-reset.gone",
         {"This link has expired or was used already. Ask for a new one.", {}}},
        {"password-reset.off",
         {"This site does not send email, so it cannot send a reset link. Ask the site's "
          "operator to set a new password for you.",
          {}}},
        {"email.not-sent", {"We could not send the email just now.", {}}},
        {"email.password-reset.subject", {"Reset your CBE Roadmap password", {}}},
        {"email.password-reset.body",
         {"Someone asked to reset the password of the CBE Roadmap account that uses this email "
          "address.\n\nTo choose a new password, open this link within {n} hour:\n\n{link}\n\n"
          "The link works once. If you did not ask for it, you can ignore this email: your "
          "password stays as it is.",
          "Someone asked to reset the password of the CBE Roadmap account that uses this email "
          "address.\n\nTo choose a new password, open this link within {n} hours:\n\n{link}\n\n"
          "The link works once. If you did not ask for it, you can ignore this email: your "
          "password stays as it is."}},
        {"email.invitation.subject", {"Join {organization} on CBE Roadmap", {}}},
        {"email.invitation.body",
         {"You are invited to join {organization} on CBE Roadmap as {role}.\n\nTo accept, open "
          "this link within {n} day and sign in, or create an account:\n\n{link}\n\nThe link "
          "works once. If you did not expect it, you can ignore this email.",
          "You are invited to join {organization} on CBE Roadmap as {role}.\n\nTo accept, open "
          "this link within {n} days and sign in, or create an account:\n\n{link}\n\nThe "
          "link works once. If you did not expect it, you can ignore this email."}},
        // Errors answered as a page of their own (a title key ends in ".title").
        {"page.not-found.title", {"Page not found", {}}},
        {"page.not-found",
         {"We could not find a page at this address. It may have moved, or the link may have a "
          "typing error.",
          {}}},
        {"page.method-not-allowed.title", {"Method not allowed", {}}},
        {"page.method-not-allowed", {"This address does not accept that kind of request.", {}}},
        {"form.unreadable.title", {"We could not read the form", {}}},
        {"form.type-refused", {"The form was sent in a format we do not accept.", {}}},
        {"form.type-refused.title", {"We could not read the form", {}}},
        {"form.unreadable", {"The form data could not be read.", {}}},
        {"form.too-many-fields", {"The form has too many fields.", {}}},
        {"form.too-many-fields.title", {"We could not read the form", {}}},
        {"form.not-text", {"The form contains characters that are not valid text.", {}}},
        {"text.hidden-characters",
         {"This contains characters that cannot be seen or that change the direction of the "
          "text around them (such as control characters, zero-width spaces or direction "
          "marks). Remove them and try again.",
          {}}},
        {"form.not-text.title", {"We could not read the form", {}}},
        {"form.expired.title", {"This form has expired", {}}},
        {"form.expired",
         {"For your security we could not accept this form: it is older than your session, or "
          "cookies are turned off for this site. Go back, reload the page and submit it again. "
          "Anything you saved before is kept.",
          {}}},
        {"form.expired-short", {"This page has expired. Reload it and try again.", {}}},
        {"search.kind-unknown.title", {"Check the search", {}}},
        {"search.kind-unknown",
         {"The search can show elements, examples, resources or glossary terms. Search again "
          "from the search box.",
          {}}},
        {"filters.unknown.title", {"Check the filters", {}}},
        {"filters.unknown",
         {"One of the filters names something the roadmap does not have. Clear the filters and "
          "choose again from the lists.",
          {}}},
        {"filters.text-too-long.title", {"Check the filters", {}}},
        {"filters.text-too-long",
         {"The search text is longer than {n} character.",
          "The search text is longer than {n} characters."}},
        {"pathway.unknown.title", {"Unknown pathway", {}}},
        {"pathway.unknown",
         {"There is no pathway called that. Choose district and school, state, or technology "
          "leadership.",
          {}}},
        {"invitation.gone.title", {"This invitation cannot be used", {}}},
        {"invitation.gone-page",
         {"The link may be incomplete, it may have expired (links last 7 days), or it was used "
          "already. Ask the organization's owner for a new one.",
          {}}},
        {"metrics.refused.title", {"Not available", {}}},
        {"metrics.refused",
         {"Metrics are served to this machine only, or with the operator's token.", {}}},
        // Answers the server gives before a request reaches a page (plain text).
        {"http.header-too-large", {"Request header fields too large", {}}},
        {"http.body-too-large", {"Request body too large", {}}},
        {"http.bad-target", {"Malformed request target", {}}},
        {"http.bad-request", {"Malformed request", {}}},
        {"http.bad-framing",
         {"Malformed request: its length is ambiguous (Transfer-Encoding, Content-Length or a "
          "folded header line)",
          {}}},
        {"http.one-host", {"A request needs exactly one Host header", {}}},
        {"http.internal", {"Something went wrong on our side. Please try again.", {}}},
        {"http.streams-full", {"Live updates are not available just now; try again shortly.", {}}},
        // Titles of the error pages, by code.
        {"error.not-found.title", {"Page not found", {}}},
        {"error.unavailable.title", {"The service is busy", {}}},
        {"error.rate-limited.title", {"Too many attempts", {}}},
        {"error.forbidden.title", {"Not allowed", {}}},
        {"error.unauthorized.title", {"Not allowed", {}}},
        {"error.conflict.title", {"That could not be done", {}}},
        {"error.invalid-input.title", {"Check what you sent", {}}},
        {"error.too-large.title", {"Check what you sent", {}}},
        {"error.internal.title", {"Something went wrong", {}}},
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
    // A key may name its own title ("assessment.not-found.title"); else the code's title.
    if (std::string own = message_text(error.message + ".title"); !own.empty()) return own;
    return message_text(std::string(general_key(error.code)) + ".title");
}

}  // namespace cbe::web
