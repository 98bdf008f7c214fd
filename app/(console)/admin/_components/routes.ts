// Where the user and customer admin pages live: a list each, and one page per item (`new` creates one).
export const USERS_ADMIN = '/admin/users';
export const CUSTOMERS_ADMIN = '/admin/customers';

export const userPath = (id: string) => `${USERS_ADMIN}/${id}`;
export const customerPath = (id: string) => `${CUSTOMERS_ADMIN}/${id}`;
export const WEBHOOKS_ADMIN = '/admin/webhooks';
export const webhookPath = (id: string) => `${WEBHOOKS_ADMIN}/${id}`;
