show --forms
