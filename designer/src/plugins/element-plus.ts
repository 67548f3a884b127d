import type { App, Plugin } from 'vue';
import {
  ElAlert, ElAside, ElBadge, ElButton, ElButtonGroup, ElCheckbox, ElCheckboxGroup, ElCollapse, ElCollapseItem,
  ElConfigProvider, ElContainer, ElDatePicker, ElDivider, ElDropdown, ElDropdownItem, ElDropdownMenu, ElEmpty,
  ElForm, ElFormItem, ElHeader, ElIcon, ElInput, ElInputNumber, ElLoading, ElMain, ElMenu, ElMenuItem, ElOption,
  ElRadio, ElRadioButton, ElRadioGroup, ElResult, ElScrollbar, ElSelect, ElSkeleton, ElSwitch, ElTable, ElTableColumn,
  ElTabPane, ElTabs, ElTag, ElTooltip,
} from 'element-plus';

/** The Element Plus components the designer uses, registered one by one so the rest stays out of the bundle. */
const components: Plugin[] = [
  ElAlert, ElAside, ElBadge, ElButton, ElButtonGroup, ElCheckbox, ElCheckboxGroup, ElCollapse, ElCollapseItem,
  ElConfigProvider, ElContainer, ElDatePicker, ElDivider, ElDropdown, ElDropdownItem, ElDropdownMenu, ElEmpty,
  ElForm, ElFormItem, ElHeader, ElIcon, ElInput, ElInputNumber, ElLoading, ElMain, ElMenu, ElMenuItem, ElOption,
  ElRadio, ElRadioButton, ElRadioGroup, ElResult, ElScrollbar, ElSelect, ElSkeleton, ElSwitch, ElTable, ElTableColumn,
  ElTabPane, ElTabs, ElTag, ElTooltip,
];

/** Registers the Element Plus components and directives on the app. */
export function installElementPlus(app: App): void {
  for (const component of components) app.use(component);
}
