'use strict';
// The admin's autocomplete fields (Select2) leave their combobox and search box without an
// accessible name, so screen readers announce them as unlabelled. Name each after the
// field's own <label>, once Django has set Select2 up and again for every row added.
{
  const labelFor = (select) => select.id && document.querySelector(`label[for="${select.id}"]`);

  const nameAutocompletes = (root) => {
    root.querySelectorAll('select.admin-autocomplete').forEach((select) => {
      const label = labelFor(select);
      const widget = select.nextElementSibling;
      if (!label || !widget || !widget.classList.contains('select2')) {
        return;
      }
      label.id = label.id || `${select.id}-label`;
      widget.querySelectorAll('[role="combobox"]').forEach((box) => {
        const others = (box.getAttribute('aria-labelledby') || '').replace(label.id, '').trim();
        box.setAttribute('aria-labelledby', `${label.id} ${others}`.trim());
      });
      // A single choice shows its value in a read-only textbox, named by the label too.
      widget.querySelectorAll('[role="textbox"]').forEach((box) => {
        box.setAttribute('aria-labelledby', label.id);
      });
      widget.querySelectorAll('.select2-search__field').forEach((field) => {
        field.setAttribute('aria-label', label.textContent.replace(/:\s*$/, '').trim());
      });
    });
  };

  // Select2 puts the "remove all" button of a multiple choice straight inside its <ul>,
  // which is invalid for assistive technology; each choice keeps its own remove button.
  // This script is deferred, so it runs before Django's DOMContentLoaded set-up reads this.
  document.querySelectorAll('select.admin-autocomplete[multiple]').forEach((select) => {
    select.dataset.allowClear = 'false';
  });

  if (window.django && window.django.jQuery) {
    // Registered after autocomplete.js, so it runs after Select2 has been applied.
    window.django.jQuery(() => nameAutocompletes(document));
  }
  document.addEventListener('formset:added', (event) => nameAutocompletes(event.target));
}
