"""The admin's password reset, limited and through the outbox: Django's form sends a mail per POST, outside
the outbox, to any address with an account. Here each client address and each account get a few resets an
hour, the mail is stored and retried like every other, and the page answers the same whatever happened."""

from django.conf import settings
from django.shortcuts import redirect
from django.template import loader
from wagtail.admin.forms.auth import PasswordResetForm
from wagtail.admin.views.account import PasswordResetView

from home.abuse.limits import within_key_limit, within_limit
from home.abuse.security import fingerprint
from home.mail import queue_mail


def _account_within_limit(email):
    key = f"limit:password-reset-account:{fingerprint(email.lower())}"
    return within_key_limit(key, settings.PASSWORD_RESET_ACCOUNT_LIMIT) is not False


class OutboxPasswordResetForm(PasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        queue_mail(to_email, subject, "", {}, purpose="password-reset", body=body)


class LimitedPasswordResetView(PasswordResetView):
    def get_form_class(self):
        return OutboxPasswordResetForm

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        allowed = within_limit(self.request, "password-reset", settings.PASSWORD_RESET_RATE_LIMIT) is not False
        if allowed and _account_within_limit(email):
            return super().form_valid(form)
        return redirect(self.get_success_url())  # the same answer: nothing to learn, nothing sent
