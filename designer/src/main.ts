import { createPinia } from 'pinia';
import { createApp } from 'vue';
import 'element-plus/dist/index.css';
import App from './App.vue';
import { i18n } from './locales';
import { installElementPlus } from './plugins/element-plus';
import { createAppRouter } from './router';
import { setUnauthorizedHandler } from './api/client';
import { useAuthStore } from './stores/auth';
import './styles/main.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
installElementPlus(app);
const router = createAppRouter();
app.use(router);

setUnauthorizedHandler(() => {
  const auth = useAuthStore(pinia);
  if (!auth.isAuthenticated) return;
  auth.logout();
  void router.push({ name: 'login', query: { redirect: router.currentRoute.value.fullPath, expired: '1' } });
});

app.mount('#app');
