from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = field if field in form.fields else None
        if field == NON_FIELD_ERRORS:
            target = None
        form.add_error(target, errors)
