import type { App, Plugin } from 'vue';
import {
  ElAlert, ElAside, ElBadge, ElBreadcrumb, ElBreadcrumbItem, ElButton, ElButtonGroup, ElCheckbox, ElCheckboxGroup, ElCollapse,
  ElCollapseItem, ElConfigProvider, ElContainer, ElDatePicker, ElDialog, ElDivider, ElDropdown, ElDropdownItem, ElDropdownMenu,
  ElEmpty, ElForm, ElFormItem, ElHeader, ElIcon, ElInput, ElInputNumber, ElLoading, ElMain, ElMenu, ElMenuItem, ElOption,
  ElPagination, ElRadio, ElRadioButton, ElRadioGroup, ElResult, ElScrollbar, ElSelect, ElSkeleton, ElStep, ElSteps, ElSwitch,
  ElTable, ElTableColumn, ElTabPane, ElTabs, ElTag, ElTooltip,
} from 'element-plus';

/** The Element Plus components the designer uses, registered one by one so the rest stays out of the bundle. */
const components: Plugin[] = [
  ElAlert, ElAside, ElBadge, ElBreadcrumb, ElBreadcrumbItem, ElButton, ElButtonGroup, ElCheckbox, ElCheckboxGroup, ElCollapse,
  ElCollapseItem, ElConfigProvider, ElContainer, ElDatePicker, ElDialog, ElDivider, ElDropdown, ElDropdownItem, ElDropdownMenu,
  ElEmpty, ElForm, ElFormItem, ElHeader, ElIcon, ElInput, ElInputNumber, ElLoading, ElMain, ElMenu, ElMenuItem, ElOption,
  ElPagination, ElRadio, ElRadioButton, ElRadioGroup, ElResult, ElScrollbar, ElSelect, ElSkeleton, ElStep, ElSteps, ElSwitch,
  ElTable, ElTableColumn, ElTabPane, ElTabs, ElTag, ElTooltip,
];

/** Registers the Element Plus components and directives on the app. */
export function installElementPlus(app: App): void {
  for (const component of components) app.use(component);
}
