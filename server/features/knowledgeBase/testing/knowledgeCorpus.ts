// A small knowledge base for a bakery, and questions each answered by exactly one section: what
// the recall test asks, and the bench's ingestion input.
export const BAKERY_HANDBOOK = `# Padaria Doce Lar

## Horário de funcionamento
Abrimos de segunda a sábado, das 7h às 19h. Aos domingos e feriados abrimos das 8h às 12h.

## Entrega
Entregamos em toda a cidade por motoboy. A taxa de entrega é de 8 reais no centro e 12 reais nos bairros.
Pedidos feitos até as 15h são entregues no mesmo dia.

## Encomendas de bolos
Bolos personalizados precisam ser encomendados com 48 horas de antecedência. Aceitamos sinal de 50% por Pix.

## Devoluções e reembolso
Produtos com defeito podem ser devolvidos em até 7 dias com a nota fiscal. O reembolso é feito por Pix em até 3 dias úteis.

## Pagamento
Aceitamos cartão de crédito, débito, Pix e vale-refeição. Não aceitamos cheque.
`;

export const BAKERY_QUESTIONS: Array<{ question: string; section: string }> = [
  { question: 'Qual o horário de funcionamento aos domingos?', section: 'Horário de funcionamento' },
  { question: 'Quanto custa a taxa de entrega nos bairros?', section: 'Entrega' },
  { question: 'Com quantas horas de antecedência preciso encomendar um bolo personalizado?', section: 'Encomendas de bolos' },
  { question: 'Como funciona o reembolso de produtos com defeito?', section: 'Devoluções e reembolso' },
  { question: 'Vocês aceitam cheque ou vale-refeição?', section: 'Pagamento' },
];
